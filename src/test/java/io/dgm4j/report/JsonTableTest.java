package io.dgm4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How report.html and compare show a figure from summary.json or eval.json. */
class JsonTableTest {
    private static String shown(String number) {
        return JsonTable.formatNumber(new BigDecimal(number));
    }

    @Test
    void figuresKeepFiveSignificantDigitsAndNeverLookWholeWhenTheyAreNot() {
        assertEquals("30", shown("30"));
        assertEquals("75752", shown("75752"));
        assertEquals("12.5", shown("12.5"));
        assertEquals("1.9656", shown("1.9655870164289881"));
        assertEquals("0.92604", shown("0.9260391235351563"));
        // image NLLs in nats: two decimals, so that close figures stay apart
        assertEquals("3316.28", shown("3316.2811"));
        assertEquals("3316.16", shown("3316.1623"));
        assertEquals("2347.02", shown("2347.017"));
        assertEquals("2347.0", shown("2347.001"));
        assertEquals("1.235e+06", shown("1234567.8"));
        assertEquals("1.234e-05", shown("0.00001234"));
    }
}
