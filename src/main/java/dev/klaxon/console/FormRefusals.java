package dev.klaxon.console;

import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.ProblemMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How every console form answers a refusal of the API or a service: the form's page again, with the status and
 * the words of the problem the API would send ({@link ProblemMapper}), so the user sees what to fix next to what
 * they typed. A 403 is not a form problem: it goes on to the error page.
 */
final class FormRefusals {

    private FormRefusals() {
    }

    /** A form's work as a lambda: calls the API or a service, may throw {@link KlaxonException}. */
    @FunctionalInterface
    interface Action {
        void run();
    }

    /**
     * Runs {@code action}; answers {@code then} when it succeeds, else the page {@code again} builds from the
     * refusal, with the refusal's status (400, 404, 409 …).
     *
     * @throws KlaxonException a 403, for the class's exception mapper to show as the error page
     */
    static Response attempt(Action action, Supplier<Response> then, Function<KlaxonException, TemplateInstance> again) {
        try {
            action.run();
        } catch (KlaxonException e) {
            return refused(e, again.apply(e));
        }
        return then.get();
    }

    /**
     * The page showing this refusal, with its status.
     *
     * @throws KlaxonException {@code e} itself when it is a 403
     */
    static Response refused(KlaxonException e, TemplateInstance page) {
        int status = ProblemMapper.problem(e).status();
        if (status == 403) {
            throw e;
        }
        return Response.status(status).entity(page).build();
    }

    /** The refusal in one line: "field: message; field: message", or the problem's detail when no field is named. */
    static String words(KlaxonException e) {
        Problem p = ProblemMapper.problem(e);
        return p.violations() == null || p.violations().isEmpty() ? p.detail()
                : p.violations().stream().map(x -> x.field() + ": " + x.message()).collect(Collectors.joining("; "));
    }

    /**
     * The refusal's messages by the field they name, in the API's field syntax ({@code layers[0].shiftLength});
     * two messages for one field are joined with "; ". A refusal naming no field is under the key {@code ""}.
     */
    static Map<String, String> byField(KlaxonException e) {
        Problem p = ProblemMapper.problem(e);
        Map<String, String> out = new LinkedHashMap<>();
        if (p.violations() == null || p.violations().isEmpty()) {
            out.put("", p.detail());
            return out;
        }
        for (Problem.Violation v : p.violations()) {
            out.merge(v.field() == null ? "" : v.field(), v.message(), (a, b) -> a + "; " + b);
        }
        return out;
    }
}
