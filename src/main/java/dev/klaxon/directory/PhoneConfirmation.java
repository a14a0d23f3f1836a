package dev.klaxon.directory;

import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.SecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * A phone number a responder adds to their own account is not paged until they type back the code Klaxon texted to
 * it: a typo must not page a stranger. Codes are six digits, expire after {@link #CODE_TTL}, allow
 * {@link #MAX_ATTEMPTS} wrong tries, and are kept only as an HMAC with an installation key (six digits alone would
 * be trivially reversed from a plain hash). VOICE numbers get their code by SMS too; a landline that cannot take an
 * SMS is added by an ADMIN, whose additions count as confirmed.
 */
@ApplicationScoped
@Transactional
public class PhoneConfirmation {

    public static final Duration CODE_TTL = Duration.ofMinutes(10);
    public static final int MAX_ATTEMPTS = 5;
    /** One new code a minute at most, so the endpoint cannot be used to flood a number with texts. */
    public static final Duration RESEND_AFTER = Duration.ofMinutes(1);
    /** Numbers a user may have codes texted to per hour: each costs an SMS, so adding numbers must not pump texts. */
    public static final int MAX_NUMBERS_PER_HOUR = 3;
    static final String KEY_PREFIX = "confirm:";
    private static final SecureRandom RANDOM = new SecureRandom();


    @Inject
    InstantSource clock;

    @Inject
    SecretStore secrets;

    @Inject
    ContactMessages messages;

    @Inject
    UserService users;

    /** Whether a method of this type must be confirmed before it is paged when this caller adds it. */
    public static boolean needsCode(ContactType type, boolean addedByAdmin) {
        return !addedByAdmin && (type == ContactType.SMS || type == ContactType.VOICE);
    }

    /**
     * Refuses (429, Retry-After) a code to one more number when this user's codes already went to
     * {@link #MAX_NUMBERS_PER_HOUR} other numbers within the past hour; deleting and re-adding a number counts too.
     */
    public void checkAllowance(UUID userId, String address) {
        Instant since = clock.instant().minus(Duration.ofHours(1));
        Map<String, Instant> recent = messages.smsSentSince(userId, KEY_PREFIX, since);
        if (recent.size() >= MAX_NUMBERS_PER_HOUR && !recent.containsKey(address)) {
            Instant oldest = recent.values().stream().min(Instant::compareTo).orElse(since);
            long wait = Math.max(1, Duration.between(clock.instant(), oldest.plus(Duration.ofHours(1))).toSeconds());
            throw KlaxonException.tooManyRequests("confirmation codes went to " + MAX_NUMBERS_PER_HOUR
                    + " numbers of this user within the past hour; try again later", wait);
        }
    }

    /** Texts a new code to the method's number; an earlier code stops working. */
    public void sendCode(UUID userId, UUID contactMethodId) {
        ContactMethod m = users.contactMethod(userId, contactMethodId);
        if (m.confirmed) {
            throw KlaxonException.conflict("this contact method is already confirmed");
        }
        if (m.type != ContactType.SMS && m.type != ContactType.VOICE) {
            throw KlaxonException.conflict("only phone numbers are confirmed with a code");
        }
        Instant now = clock.instant();
        ConfirmationCode c = ConfirmationCode.findById(m.id, LockModeType.PESSIMISTIC_WRITE);
        if (c != null && now.isBefore(c.sentAt.plus(RESEND_AFTER))) {
            throw KlaxonException.conflict("a code was sent less than a minute ago; wait before asking for another");
        }
        checkAllowance(m.userId, m.address);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        boolean fresh = c == null;
        if (fresh) {
            c = new ConfirmationCode();
            c.contactMethodId = m.id;
        }
        c.codeHash = hash(m.id, code);
        c.expiresAt = now.plus(CODE_TTL);
        c.attempts = 0;
        c.sentAt = now;
        if (fresh) {
            c.persist();
        }
        messages.sendSms(KEY_PREFIX + m.id + ":" + UUID.randomUUID(), m, "Klaxon confirmation code",
                "Klaxon code " + code + " confirms this number for on-call pages. "
                + "It expires in " + CODE_TTL.toMinutes() + " minutes.", now);
    }

    /** Confirms the method if the code is right; a wrong code counts against the attempts (and is not rolled back). */
    @Transactional(dontRollbackOn = KlaxonException.class)
    public ContactMethod confirm(UUID userId, UUID contactMethodId, String code) {
        ContactMethod m = users.contactMethod(userId, contactMethodId);
        if (m.confirmed) {
            return m;
        }
        ConfirmationCode c = ConfirmationCode.findById(m.id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw KlaxonException.conflict("no code was sent for this contact method; ask for one first");
        }
        if (c.attempts >= MAX_ATTEMPTS) {
            throw KlaxonException.invalid("code", "too many wrong codes; ask for a new one");
        }
        if (!clock.instant().isBefore(c.expiresAt)) {
            throw KlaxonException.invalid("code", "the code expired; ask for a new one");
        }
        String digits = code == null ? "" : code.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{6}") || !MessageDigest.isEqual(hash(m.id, digits).getBytes(StandardCharsets.US_ASCII),
                c.codeHash.getBytes(StandardCharsets.US_ASCII))) {
            c.attempts++;
            int left = MAX_ATTEMPTS - c.attempts;
            throw KlaxonException.invalid("code", left > 0 ? "wrong code; " + left + " attempt(s) left"
                    : "wrong code; no attempts left, ask for a new one");
        }
        m.confirmed = true;
        c.delete();
        return m;
    }

    private String hash(UUID contactMethodId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get("confirmation-code-key").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((contactMethodId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
