package dev.klaxon.ack;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SmsReplyTest {

    @ParameterizedTest
    @CsvSource({"12a,12,ACKNOWLEDGE", "12A,12,ACKNOWLEDGE", "' 12 a ',12,ACKNOWLEDGE", "#7c,7,RESOLVE",
            "7 resolve,7,RESOLVE", "99e,99,ESCALATE", "3 ack,3,ACKNOWLEDGE"})
    void numberedRepliesNameTheAlert(String body, long number, SmsReply.Verb verb) {
        assertEquals(new SmsReply.Act(OptionalLong.of(number), verb), SmsReply.parse(body));
    }

    @ParameterizedTest
    @CsvSource({"a,ACKNOWLEDGE", "C,RESOLVE", "' e ',ESCALATE", "ack,ACKNOWLEDGE"})
    void bareRepliesActOnTheLastAlert(String body, SmsReply.Verb verb) {
        assertEquals(new SmsReply.Act(OptionalLong.empty(), verb), SmsReply.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", "Unsubscribe", " cancel "})
    void stopWords(String body) {
        assertInstanceOf(SmsReply.Stop.class, SmsReply.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "unstop"})
    void startWords(String body) {
        assertInstanceOf(SmsReply.Start.class, SmsReply.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aa", "AA", " aa ", "ack all", "Acknowledge all"})
    void acknowledgeAllWords(String body) {
        assertInstanceOf(SmsReply.AcknowledgeAll.class, SmsReply.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "12", "12x", "a12", "12aa", "123456789012345678901a"})
    void anythingElseIsUnknown(String body) {
        assertInstanceOf(SmsReply.Unknown.class, SmsReply.parse(body));
    }
}
