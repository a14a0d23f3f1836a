package dev.klaxon.console;

import dev.klaxon.platform.Problem;
import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.platform.KlaxonException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A refused console request as a page, with the API's status and its words (never a stack trace). */
final class ErrorPages {

    private ErrorPages() {
    }

    static Response of(KlaxonException e) {
        Problem problem = ProblemMapper.problem(e);
        String title = switch (problem.status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Cannot do that now";
            case 413 -> problem.title(); // the one 413 title, as the API and the webhooks say it
            default -> "Something is wrong with that request";
        };
        Response.ResponseBuilder page = Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(title, e.getMessage()).render());
        if (problem.status() == 413) {
            page.header("Connection", "close"); // the rest of the body was not read
        }
        return page.build();
    }
}
