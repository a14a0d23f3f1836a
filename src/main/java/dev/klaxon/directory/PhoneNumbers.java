package dev.klaxon.directory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Optional;

/** E.164 validation through libphonenumber: a typo must not page a stranger. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The number in E.164 form if it is a valid, internationally written number. */
    public static Optional<String> e164(String input) {
        if (input == null || !input.strip().startsWith("+") || input.length() > 32) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(input.strip(), null);
            if (!UTIL.isValidNumber(n)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
