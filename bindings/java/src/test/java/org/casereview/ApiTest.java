package org.casereview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ApiTest {
    /** The version the standard checklist's file declares (it moves with
     * every revision of the rules). */
    static String standardVersion() throws Exception {
        Matcher m = Pattern.compile("<checklist\\s[^>]*?\\bversion=\"([^\"]*)\"")
            .matcher(Files.readString(Fixtures.general()));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void libraryVersionIsTheCommandLinesLibrary() throws Exception {
        String line = Fixtures.cli("--version").get(0);
        String v = Casereview.libraryVersion();
        // the command's line speaks the locale's language
        assertTrue(line.endsWith("(library " + v + ")")
                   || line.endsWith("（库 " + v + "）"), line);
        assertNotNull(Casereview.libraryPath());
    }

    @Test
    void metadataOfTheStandardChecklist() throws Exception {
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            assertEquals("penalty-general", cl.id());
            assertEquals(standardVersion(), cl.version());
            assertEquals("行政处罚案卷评查标准（一般程序）", cl.title());
            assertEquals(Fixtures.general().toString(), cl.path());
            assertEquals(100.0, cl.total());
            assertNull(cl.groupBy());
            assertTrue(cl.warnings().isEmpty());
            assertEquals(cl.total(), cl.categories().stream()
                .mapToDouble(Category::points).sum());
            assertEquals(List.of("excellent", "good", "pass", "fail"),
                         cl.grades().stream().map(Grade::id)
                             .collect(Collectors.toList()));
            assertEquals(90.0, cl.grades().get(0).min());
            // the item table as `casereview describe --format tsv` prints it
            List<String> tsv = Fixtures.cli("describe", "--format", "tsv",
                                            Fixtures.general().toString());
            // after its header row
            assertTrue(tsv.get(0).startsWith("评查标准\t编号\t"));
            List<String> ids = tsv.stream().skip(1)
                .map(l -> l.split("\t")[1]).collect(Collectors.toList());
            assertEquals(ids, cl.items().stream().map(ChecklistItem::id)
                             .collect(Collectors.toList()));
            ChecklistItem s1 = cl.items().get(0);
            assertTrue(s1.line() > 0);
            assertFalse(s1.title().isEmpty());
            assertTrue(cl.items().stream().anyMatch(ChecklistItem::veto));
            assertTrue(cl.items().stream().anyMatch(ChecklistItem::perNode));
            assertTrue(cl.toString().contains("penalty-general"));
        }
    }

    @Test
    void scoreFileGivesTheCommandLinesJson() throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases);
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            for (int i = 0; i < cases.size(); i++) {
                Result r = cl.scoreFile(cases.get(i));
                assertEquals(expected.get(i), r.json(), cases.get(i).toString());
                assertArrayEquals(expected.get(i).getBytes(
                    StandardCharsets.UTF_8), r.jsonBytes());
            }
        }
    }

    @Test
    void resultAccessorsReadTheJson() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        Path defect = Fixtures.example("defect-one-officer-expired-cert.xml");
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Result r = cl.scoreFile(clean);
            assertEquals(100.0, r.score());
            assertEquals(100.0, r.total());
            assertEquals("excellent", r.grade());
            assertEquals("优秀", r.gradeLabel());
            assertTrue(r.complete());
            assertFalse(r.isError());
            assertFalse(r.vetoed());
            assertTrue(r.vetoes().isEmpty());
            assertTrue(r.deductions().isEmpty());
            assertEquals("370402-SJJ", r.group());
            assertEquals(clean.toString(), r.source());
            assertEquals("penalty-general", r.checklistId());
            assertEquals(standardVersion(), r.checklistVersion());
            assertEquals(cl.items().size(), r.items().size());
            assertNull(r.error());

            Result d = cl.scoreFile(defect);
            assertEquals(94.0, d.score());
            assertEquals(List.of("S3", "S4"), d.deductions().stream()
                .map(Item::id).collect(Collectors.toList()));
            Item s3 = d.deductions().get(0);
            assertEquals(ItemState.FAILED, s3.state());
            assertEquals(3.0, s3.deducted());
            assertFalse(s3.basis().isEmpty());
            Finding f = s3.findings().get(0);
            assertEquals("/case/documents/document[4]", f.location());
            assertEquals(33, f.line());
            assertTrue(f.message().contains("仅有1名执法人员签名"));
            assertEquals(6.0, d.categories().get(0).deducted());
            Map<String, Object> m = d.toMap();
            assertEquals("casereview-result/1", m.get("format"));
            assertEquals(List.of("format", "checklist", "case"),
                         m.keySet().stream().limit(3)
                             .collect(Collectors.toList()));
            Result back = Result.fromJson(d.json());
            assertEquals(d, back);
            assertEquals(d.hashCode(), back.hashCode());
            assertEquals(d.deductions(), back.deductions());
            assertEquals("", back.group());
            assertNotEquals(r, d);
            assertTrue(d.toString().contains("94.0"));
        }
    }

    @Test
    void scoreBytesNamesTheSource() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Result fromFile = cl.scoreFile(clean);
            Result r = cl.scoreBytes(Files.readAllBytes(clean), "上传-17.xml");
            assertEquals("上传-17.xml", r.source());
            assertEquals(fromFile.items(), r.items());
            assertEquals(fromFile.json().replace(clean.toString(),
                                                 "上传-17.xml"), r.json());
            Result unnamed = cl.scoreBytes(Files.readAllBytes(clean), null);
            assertEquals("", unnamed.source());
        }
    }

    @Test
    void paramOverridesGiveTheCommandLinesResults() throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases,
            "--param", "disclosure-workdays=1", "--param",
            "legal-review-fine=1000");
        LoadOptions opts = new LoadOptions()
            .param("disclosure-workdays", "1")
            .param("legal-review-fine", "1000");
        List<String> defaults = Fixtures.cliJson(Fixtures.general(), cases);
        assertNotEquals(defaults, expected);  // the params change something
        try (Checklist cl = Checklist.load(Fixtures.general(), opts)) {
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(expected.get(i), cl.scoreFile(cases.get(i)).json());
            }
        }
        // the same through an evaluator's own params
        try (Checklist cl = Checklist.load(Fixtures.general());
             Evaluator ev = cl.evaluator()) {
            ev.setParam("disclosure-workdays", "1");
            ev.setParam("legal-review-fine", "1000");
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(expected.get(i), ev.scoreFile(cases.get(i)).json());
            }
            ev.setParam("disclosure-workdays", null);
            ev.setParam("legal-review-fine", null);
            assertEquals(defaults.get(0), ev.scoreFile(cases.get(0)).json());
        }
    }

    @Test
    void dataOverrideAndLimitsLoad() throws Exception {
        Path bench = Fixtures.source()
            .resolve("rules/data/discretion-benchmarks.xml");
        LoadOptions opts = new LoadOptions().data("benchmarks", bench)
            .maxCaseSize(1 << 20).regexMatchLimit(100000)
            .xpathOpLimit(10_000_000).allowOutsideData(true);
        Path clean = Fixtures.example("clean-general.xml");
        try (Checklist cl = Checklist.load(Fixtures.general(), opts)) {
            assertEquals(100.0, cl.scoreFile(clean).score());
        }
        // a case over the size limit is an error, said so
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions().maxCaseSize(100))) {
            CaseException e = assertThrows(CaseException.class,
                                           () -> cl.scoreFile(clean));
            assertTrue(e.getResult().isError());
        }
    }

    @Test
    void fromStringResolvesHrefsFromTheBaseDir() throws Exception {
        String text = Files.readString(Fixtures.general());
        Path clean = Fixtures.example("defect-no-basis.xml");
        try (Checklist a = Checklist.load(Fixtures.general());
             Checklist b = Checklist.fromString(text, "mem.xml",
                 Fixtures.general().getParent(), new LoadOptions())) {
            assertEquals("mem.xml", b.path());
            assertEquals(a.items(), b.items());
            assertEquals(a.scoreFile(clean), b.scoreFile(clean));
        }
    }

    @Test
    void explainAddsTheValuesBehindFindings() throws Exception {
        Path defect = Fixtures.example("defect-one-officer-expired-cert.xml");
        List<String> expected = Fixtures.cliJson(Fixtures.general(),
                                                 List.of(defect), "--explain");
        try (Checklist cl = Checklist.load(Fixtures.general());
             Evaluator ev = cl.evaluator(true)) {
            Result r = ev.scoreFile(defect);
            assertTrue(r.json().contains("\"explain\""));
            assertEquals(expected.get(0), r.json());
        }
    }

    @Test
    void errorResultIsTheLibrarys() {
        Result r = Result.errorResult("a.zip!b.xml", "成员过大", 7);
        assertTrue(r.isError());
        assertFalse(r.complete());
        assertEquals("成员过大", r.error());
        assertEquals(7, r.errorLine());
        assertEquals("a.zip!b.xml", r.source());
        assertNull(r.score());
        assertTrue(r.items().isEmpty());
        assertTrue(r.json().startsWith("{\"format\": \"casereview-result/1\""));
    }
}
