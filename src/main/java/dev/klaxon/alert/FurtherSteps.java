package dev.klaxon.alert;

/**
 * Whether escalating an alert now would page anyone new: implemented by the escalation engine, which knows the
 * policy, so that every surface (SMS reply, voice, ack page, API) can tell the truth before it answers.
 */
public interface FurtherSteps {

    /**
     * @return true when the alert's policy has a step after its current one, counting the policy's repeats
     *         (a pass that starts again is a further step); false when it has none or no policy at all
     */
    boolean exist(Alert a);
}
