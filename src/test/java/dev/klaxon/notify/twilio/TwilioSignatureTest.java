package dev.klaxon.notify.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, String> twilioDocsParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("Caller", "+12349013030");
        p.put("Digits", "1234");
        p.put("From", "+12349013030");
        p.put("To", "+18005551212");
        return p;
    }

    @Test
    void signMatchesTwiliosPublishedExample() {
        // the worked example from Twilio's webhook-security documentation
        String documented = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        assertEquals(documented, TwilioSignature.sign(TOKEN, URL, twilioDocsParams()));
        assertTrue(new RequestValidator(TOKEN).validate(URL, twilioDocsParams(), documented));
    }

    @Test
    void signedValuesValidateWithTheSdksRequestValidator() {
        Map<String, String> params = new HashMap<>();
        params.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
        params.put("Body", "12a ünïcödé & = + %");
        params.put("From", "+4915112345678");
        params.put("AccountSid", "AC00000000000000000000000000000001");
        params.put("Empty", "");
        String url = "https://klaxon.example.com/twilio/sms";
        String token = "0123456789abcdef0123456789abcdef";

        String signature = TwilioSignature.sign(token, url, params);
        assertTrue(new RequestValidator(token).validate(url, params, signature));
        assertTrue(TwilioSignature.isValid(token, url, params, signature));
        // RequestValidator also accepts the URL with its default port spelled out
        assertTrue(TwilioSignature.isValid(token, "https://klaxon.example.com:443/twilio/sms", params, signature));
    }

    @Test
    void orderOfTheMapDoesNotMatter() {
        Map<String, String> reversed = new LinkedHashMap<>();
        twilioDocsParams().entrySet().stream().sorted(Map.Entry.<String, String>comparingByKey().reversed())
                .forEach(e -> reversed.put(e.getKey(), e.getValue()));
        assertEquals(TwilioSignature.sign(TOKEN, URL, twilioDocsParams()), TwilioSignature.sign(TOKEN, URL, reversed));
    }

    @Test
    void noParams() {
        String sig = TwilioSignature.sign(TOKEN, URL, null);
        assertEquals(sig, TwilioSignature.sign(TOKEN, URL, Map.of()));
        assertTrue(TwilioSignature.isValid(TOKEN, URL, null, sig));
        assertTrue(new RequestValidator(TOKEN).validate(URL, Map.of(), sig));
    }

    @Test
    void rejectsMissingWrongOrTamperedSignatures() {
        Map<String, String> params = twilioDocsParams();
        String sig = TwilioSignature.sign(TOKEN, URL, params);
        assertFalse(TwilioSignature.isValid(TOKEN, URL, params, null));
        assertFalse(TwilioSignature.isValid(TOKEN, URL, params, ""));
        assertFalse(TwilioSignature.isValid(TOKEN, URL, params, "   "));
        assertFalse(TwilioSignature.isValid(null, URL, params, sig));
        assertFalse(TwilioSignature.isValid("", URL, params, sig));
        assertFalse(TwilioSignature.isValid(TOKEN, null, params, sig));
        assertFalse(TwilioSignature.isValid("other-token", URL, params, sig));
        assertFalse(TwilioSignature.isValid(TOKEN, URL.replace("https", "http"), params, sig));
        Map<String, String> tampered = new LinkedHashMap<>(params);
        tampered.put("Digits", "4");
        assertFalse(TwilioSignature.isValid(TOKEN, URL, tampered, sig));
        Map<String, String> extra = new LinkedHashMap<>(params);
        extra.put("Extra", "1");
        assertFalse(TwilioSignature.isValid(TOKEN, URL, extra, sig));
    }
}
