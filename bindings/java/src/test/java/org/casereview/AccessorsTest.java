package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a result says of the case file itself (agency name, kind), the
 *  checklist's typed params, and the messages' language. */
class AccessorsTest {
    @Test
    void agencyNameAndKindOfACasefile11Case() {
        try (Checklist cl = Checklist.load(
                 Fixtures.source().resolve("rules/inspection-enterprise.xml"))) {
            Result r = cl.scoreFile(Fixtures.example("clean-inspection.xml"));
            assertEquals("枣庄市市中区市场监督管理局", r.agencyName());
            assertEquals("inspection", r.caseKind());
            // not in the JSON: a Result read back has neither
            Result back = Result.fromJson(r.json());
            assertEquals("", back.agencyName());
            assertEquals("", back.caseKind());
        }
    }

    @Test
    void agencyNameAndKindOfACasefile1CaseAndAnError() {
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Result r = cl.scoreFile(Fixtures.example("clean-general.xml"));
            assertEquals("枣庄市市中区市场监督管理局", r.agencyName());
            assertEquals("", r.caseKind());
        }
        Result err = Result.errorResult("x.xml", "无法评查", 0);
        assertEquals("", err.agencyName());
        assertEquals("", err.caseKind());
    }

    @Test
    void typedParams() {
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Param p = cl.params().stream()
                .filter(x -> x.name().equals("disclosure-workdays"))
                .findFirst().orElseThrow();
            assertEquals(new Param("disclosure-workdays", "7", "integer", "1",
                                   null), p);
            assertNull(cl.checkParam("disclosure-workdays", "20"));
            String why = cl.checkParam("disclosure-workdays", "abc");
            assertTrue(why.contains("disclosure-workdays") && why.contains("abc"),
                       why);
            assertTrue(why.codePoints().anyMatch(c -> c >= 0x4e00 && c <= 0x9fff),
                       why);
        }
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions().language("en"))) {
            String why = cl.checkParam("disclosure-workdays", "-5");
            assertTrue(why.contains("disclosure-workdays") && why.contains("-5"),
                       why);
            assertTrue(why.codePoints().noneMatch(c -> c >= 0x4e00 && c <= 0x9fff),
                       why);
        }
    }

    @Test
    void languageOfItemErrors() throws Exception {
        List<String> langs = List.of("zh", "en");
        String[] errors = new String[2];
        for (int i = 0; i < 2; i++) {
            try (Checklist cl = Checklist.load(
                     Fixtures.cases("functions", "add-workdays")
                         .resolve("checklist.xml"),
                     new LoadOptions().language(langs.get(i)))) {
                Result r = cl.scoreFile(Fixtures.cases("functions",
                                                       "add-workdays")
                                            .resolve("case.xml"));
                errors[i] = r.items().stream()
                    .filter(it -> it.id().equals("K5")).findFirst()
                    .orElseThrow().error();
            }
        }
        assertTrue(errors[0].startsWith("日期2024-11-15不在工作日历范围内"),
                   errors[0]);
        assertTrue(errors[1].startsWith("date 2024-11-15 lies outside the "
                                        + "working-day calendar"), errors[1]);
        assertThrows(IllegalArgumentException.class,
                     () -> new LoadOptions().language("fr"));
    }

    @Test
    void languageOfValidation() {
        java.nio.file.Path bad = Fixtures.cases("validate", "broken")
            .resolve("case-02-format.xml");
        try {
            Casereview.setThreadLanguage("en");
            String en = Casereview.validate(bad).formatted();
            assertTrue(en.contains("<case> lacks the required attribute "
                                   + "format"), en);
            Casereview.setThreadLanguage("zh");
            String zh = Casereview.validate(bad).formatted();
            assertTrue(zh.contains("<case> 缺少必需的属性 format"), zh);
            assertThrows(IllegalArgumentException.class,
                         () -> Casereview.setThreadLanguage("fr"));
        } finally {
            Casereview.setThreadLanguage("zh");
        }
    }
}
