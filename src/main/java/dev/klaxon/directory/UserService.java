package dev.klaxon.directory;

import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** Users, their contact methods and notification rules; the only code that touches those tables. */
@ApplicationScoped
@Transactional
public class UserService {

    /** One contact method to page, how long after the page starts, and how often again (null: once). */
    public record PageTarget(ContactMethod method, Duration delay, UUID ruleId, Duration repeat) {
        public PageTarget(ContactMethod method, Duration delay, UUID ruleId) {
            this(method, delay, ruleId, null);
        }
    }

    @Inject
    InstantSource clock;

    @Inject
    Event<UserDeleting> deleting;

    @Inject
    AuditLog audit;

    public User create(String name, String email, String timeZone, Role role) {
        if (User.count("lower(email) = ?1", email.toLowerCase(java.util.Locale.ROOT)) > 0) {
            throw KlaxonException.conflict("a user with email " + email + " exists");
        }
        User u = new User();
        u.id = UUID.randomUUID();
        u.name = name;
        u.email = email;
        u.timeZone = timeZone;
        u.role = role;
        u.createdAt = clock.instant();
        u.persist();
        audit.record("created", "user", u.id, "user " + name + " (" + role + ")");
        return u;
    }

    public User require(UUID id) {
        User u = User.findById(id);
        if (u == null) {
            throw KlaxonException.notFound("user " + id);
        }
        return u;
    }

    public String name(UUID id) {
        User u = User.findById(id);
        return u == null ? "deleted user" : u.name;
    }

    /**
     * The user with this email, compared as the unique index on {@code lower(email)} does (V1); empty when none.
     * Used by the console's OpenID Connect sign-in, which trusts only an email the provider verified.
     */
    public Optional<User> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return User.<User>find("lower(email) = ?1", email.strip().toLowerCase(java.util.Locale.ROOT)).firstResultOptional();
    }

    public List<User> list() {
        return User.list("order by name, id");
    }

    public Map<UUID, User> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return User.<User>list("id in ?1", ids).stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
    }

    /** Ids among the given ones that name no user. */
    public List<UUID> unknown(Collection<UUID> ids) {
        Map<UUID, User> found = byIds(ids);
        return ids.stream().filter(id -> !found.containsKey(id)).distinct().toList();
    }

    public User update(UUID id, String name, String email, String timeZone, Role role) {
        User u = require(id);
        if (email != null && !email.equalsIgnoreCase(u.email)
                && User.count("lower(email) = ?1", email.toLowerCase(java.util.Locale.ROOT)) > 0) {
            throw KlaxonException.conflict("a user with email " + email + " exists");
        }
        if (name != null) u.name = name;
        if (email != null) u.email = email;
        if (timeZone != null) u.timeZone = timeZone;
        if (role != null) u.role = role;
        audit.record("updated", "user", u.id, "user " + u.name + (role == null ? "" : " (role " + role + ")"));
        return u;
    }

    public void delete(UUID id) {
        User u = require(id);
        deleting.fire(new UserDeleting(id, u.name));
        for (Team t : Team.<Team>listAll()) {
            if (t.memberIds.remove(id.toString())) {
                t.memberIds = new ArrayList<>(t.memberIds);
            }
        }
        u.delete();
        audit.record("deleted", "user", id, "user " + u.name);
    }

    // ---- contact methods

    public ContactMethod addContactMethod(UUID userId, ContactType type, String address, String label, boolean confirmed) {
        require(userId);
        if (ContactMethod.count("userId = ?1 and type = ?2 and address = ?3", userId, type, address) > 0) {
            throw KlaxonException.conflict("this user already has " + type + " " + address);
        }
        ContactMethod cm = new ContactMethod();
        cm.id = UUID.randomUUID();
        cm.userId = userId;
        cm.type = type;
        cm.address = address;
        cm.label = label;
        cm.confirmed = confirmed;
        cm.createdAt = clock.instant();
        cm.persist();
        // the address stays out: a Pushover key or ntfy topic is a secret
        audit.record("created", "contact-method", cm.id, type + " contact method" + (label == null ? "" : " " + label)
                + " of user " + name(userId));
        return cm;
    }

    public List<ContactMethod> contactMethods(UUID userId) {
        require(userId);
        return ContactMethod.list("userId = ?1 order by createdAt, id", userId);
    }

    public ContactMethod contactMethod(UUID userId, UUID cmId) {
        ContactMethod cm = ContactMethod.findById(cmId);
        if (cm == null || !cm.userId.equals(userId)) {
            throw KlaxonException.notFound("contact method " + cmId);
        }
        return cm;
    }

    public void deleteContactMethod(UUID userId, UUID cmId) {
        ContactMethod cm = contactMethod(userId, cmId);
        cm.delete();
        audit.record("deleted", "contact-method", cmId, cm.type + " contact method of user " + name(userId));
    }

    /** Phone contact methods of the given type at this E.164 address (inbound SMS and calls). */
    public List<ContactMethod> byAddress(ContactType type, String address) {
        return ContactMethod.list("type = ?1 and address = ?2", type, address);
    }

    /** STOP / START from a phone: stop or resume paging that number by SMS. */
    public int setSmsDisabled(String address, boolean disabled) {
        return ContactMethod.update("disabled = ?1 where type = ?2 and address = ?3", disabled, ContactType.SMS, address);
    }

    // ---- notification rules

    public NotificationRule addRule(UUID userId, UUID contactMethodId, Duration delay) {
        return addRule(userId, contactMethodId, delay, null);
    }

    /** A rule that pages {@code contactMethodId} after {@code delay}, and again every {@code repeat} (null: once). */
    public NotificationRule addRule(UUID userId, UUID contactMethodId, Duration delay, Duration repeat) {
        contactMethod(userId, contactMethodId);
        NotificationRule r = new NotificationRule();
        r.id = UUID.randomUUID();
        r.userId = userId;
        r.contactMethodId = contactMethodId;
        r.delaySeconds = delay.toSeconds();
        r.repeatSeconds = repeat == null ? null : repeat.toSeconds();
        r.createdAt = clock.instant();
        r.persist();
        audit.record("created", "notification-rule", r.id, "after " + delay + " for user " + name(userId));
        return r;
    }

    public List<NotificationRule> rules(UUID userId) {
        require(userId);
        return NotificationRule.list("userId = ?1 order by delaySeconds, createdAt", userId);
    }

    public void deleteRule(UUID userId, UUID ruleId) {
        NotificationRule r = NotificationRule.findById(ruleId);
        if (r == null || !r.userId.equals(userId)) {
            throw KlaxonException.notFound("notification rule " + ruleId);
        }
        r.delete();
        audit.record("deleted", "notification-rule", ruleId, "rule of user " + name(userId));
    }

    /**
     * What to page for this user: each rule's contact method after its delay; a user with no rules gets every
     * contact method at once. Unconfirmed or stopped methods are left out.
     */
    public List<PageTarget> pageTargets(UUID userId) {
        return pageTargets(List.of(userId)).get(userId);
    }

    /**
     * {@link #pageTargets(UUID)} for many users in two queries, however many users (the escalation sweep pages a
     * batch of alerts at once). @return every given user, with an empty list when nothing of theirs can be paged
     */
    public Map<UUID, List<PageTarget>> pageTargets(Collection<UUID> userIds) {
        Map<UUID, List<PageTarget>> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        Map<UUID, List<ContactMethod>> methods = ContactMethod.<ContactMethod>list(
                        "userId in ?1 order by createdAt, id", userIds).stream()
                .collect(Collectors.groupingBy(m -> m.userId));
        Map<UUID, List<NotificationRule>> rules = NotificationRule.<NotificationRule>list(
                        "userId in ?1 order by delaySeconds, createdAt", userIds).stream()
                .collect(Collectors.groupingBy(r -> r.userId));
        for (UUID userId : userIds) {
            out.put(userId, pageTargets(methods.getOrDefault(userId, List.of()), rules.getOrDefault(userId, List.of())));
        }
        return out;
    }

    private static List<PageTarget> pageTargets(List<ContactMethod> methods, List<NotificationRule> rules) {
        Map<UUID, ContactMethod> byId = methods.stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
        List<PageTarget> out = new ArrayList<>();
        if (rules.isEmpty()) {
            methods.stream().filter(ContactMethod::pageable).forEach(m -> out.add(new PageTarget(m, Duration.ZERO, null)));
        } else {
            for (NotificationRule r : rules) {
                ContactMethod m = byId.get(r.contactMethodId);
                if (m != null && m.pageable()) {
                    out.add(new PageTarget(m, Duration.ofSeconds(r.delaySeconds), r.id,
                            r.repeatSeconds == null ? null : Duration.ofSeconds(r.repeatSeconds)));
                }
            }
        }
        return out;
    }

    /**
     * Where to send a notice that must not wake anyone (a coverage gap ahead, a shift reminder): the user's EMAIL,
     * NTFY and PUSHOVER methods; SMS only when the user has none of those, so that nobody is left untold. Never
     * VOICE, never WEBHOOK (webhooks carry alerts). Notification rules shape paging, not notices: they are ignored.
     */
    public List<ContactMethod> quietContactMethods(UUID userId) {
        List<ContactMethod> methods = ContactMethod.<ContactMethod>list("userId = ?1 order by createdAt, id", userId)
                .stream().filter(ContactMethod::pageable).toList();
        List<ContactMethod> quiet = methods.stream()
                .filter(m -> m.type == ContactType.EMAIL || m.type == ContactType.NTFY || m.type == ContactType.PUSHOVER)
                .toList();
        return quiet.isEmpty() ? methods.stream().filter(m -> m.type == ContactType.SMS).toList() : quiet;
    }

    /** Every contact method of the user that may be paged now (confirmed, not stopped), oldest first. */
    public List<ContactMethod> pageableMethods(UUID userId) {
        return ContactMethod.<ContactMethod>list("userId = ?1 order by createdAt, id", userId).stream()
                .filter(ContactMethod::pageable).toList();
    }

    // ---- teams

    public Team createTeam(String name, List<UUID> members) {
        requireAll(members);
        Team t = new Team();
        t.id = UUID.randomUUID();
        t.name = name;
        t.memberIds = new ArrayList<>(members.stream().map(UUID::toString).distinct().toList());
        t.createdAt = clock.instant();
        t.persist();
        audit.record("created", "team", t.id, "team " + name + " with " + t.memberIds.size() + " member(s)");
        return t;
    }

    public Team team(UUID id) {
        Team t = Team.findById(id);
        if (t == null) {
            throw KlaxonException.notFound("team " + id);
        }
        return t;
    }

    public List<Team> teams() {
        return Team.list("order by name, id");
    }

    public Team updateTeam(UUID id, String name, List<UUID> members) {
        Team t = team(id);
        if (name != null) t.name = name;
        if (members != null) {
            requireAll(members);
            t.memberIds = new ArrayList<>(members.stream().map(UUID::toString).distinct().toList());
        }
        audit.record("updated", "team", t.id, "team " + t.name + " with " + t.memberIds.size() + " member(s)");
        return t;
    }

    public void deleteTeam(UUID id) {
        Team t = team(id);
        t.delete();
        audit.record("deleted", "team", id, "team " + t.name);
    }

    public List<UUID> teamMembers(UUID teamId) {
        Team t = Team.findById(teamId);
        return t == null ? List.of() : t.memberIds.stream().map(UUID::fromString).toList();
    }

    public boolean teamExists(UUID id) {
        return Team.findById(id) != null;
    }

    private void requireAll(List<UUID> ids) {
        List<Problem.Violation> missing = unknownUsers(ids, i -> "memberIds[" + i + "]");
        if (!missing.isEmpty()) {
            throw KlaxonException.invalid(missing);
        }
    }

    /**
     * One violation, {@code "no user <id>"}, for each id that names no user, under the field {@code field} gives
     * its index in {@code ids}; null entries (ids that did not parse, already reported) are skipped. An unknown id
     * referenced in a request is invalid input (400), like every other bad field, never a 404.
     */
    public List<Problem.Violation> unknownUsers(List<UUID> ids, IntFunction<String> field) {
        List<UUID> given = ids.stream().filter(Objects::nonNull).toList();
        Set<UUID> missing = given.isEmpty() ? Set.of() : new HashSet<>(unknown(given));
        List<Problem.Violation> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != null && missing.contains(ids.get(i))) {
                out.add(new Problem.Violation(field.apply(i), "no user " + ids.get(i)));
            }
        }
        return out;
    }
}
