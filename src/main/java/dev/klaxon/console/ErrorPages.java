package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.platform.KlaxonException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A refused console request as a page, with the API's status and its words (never a stack trace). */
final class ErrorPages {

    private ErrorPages() {
    }

    static Response of(KlaxonException e) {
        String title = switch (ProblemMapper.problem(e).status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Cannot do that now";
            default -> "Something is wrong with that request";
        };
        return Response.status(ProblemMapper.problem(e).status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(title, e.getMessage()).render()).build();
    }
}
