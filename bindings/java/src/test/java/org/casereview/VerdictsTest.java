package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reviewers' verdicts: loading (file, bytes, string), attaching them to
 *  every way of scoring, and what they put in the result. */
class VerdictsTest {
    static final Path CHECKLIST = Fixtures.pending("checklist.xml");
    static final Path VERDICTS = Fixtures.pending("verdicts.xml");

    /** Verdicts deciding (and overriding) items of the standard
     *  checklist for three of the example cases. */
    static final String GENERAL_VERDICTS =
        "<verdicts xmlns=\"urn:casereview:verdicts:1\""
        + " checklist=\"penalty-general\">\n"
        + "  <case id=\"370402-SJJ-2024-000111\">\n"
        + "    <verdict item=\"S3\" result=\"passed\" by=\"张三\""
        + " at=\"2026-12-01\">第二名执法人员签名见补充材料</verdict>\n"
        + "  </case>\n"
        + "  <case id=\"370402-SJJ-2024-000031\">\n"
        + "    <verdict item=\"L1\" result=\"failed\" by=\"李四\""
        + " at=\"2026-12-02\">依据引用不全</verdict>\n"
        + "  </case>\n"
        + "  <case id=\"320106-SJJ-2024-000112\">\n"
        + "    <verdict item=\"P5\" result=\"not-applicable\" by=\"王五\""
        + " at=\"2026-12-03\"/>\n"
        + "  </case>\n"
        + "</verdicts>\n";

    static Map<String, Item> byId(Result r) {
        return r.items().stream()
            .collect(Collectors.toMap(Item::id, Function.identity()));
    }

    @Test
    void loadedFromAFileBytesOrAString() throws Exception {
        byte[] bytes = Files.readAllBytes(VERDICTS);
        try (Checklist cl = Checklist.load(CHECKLIST);
             Verdicts v = Verdicts.load(cl, VERDICTS);
             Verdicts b = Verdicts.fromBytes(cl, bytes, "上传.xml");
             Verdicts s = Verdicts.fromString(
                 cl, new String(bytes, StandardCharsets.UTF_8), null);
             Verdicts c = cl.loadVerdicts(VERDICTS)) {
            for (Verdicts x : List.of(v, b, s, c)) {
                assertEquals(9, x.count());
                assertEquals(List.of("P1", "P2", "P3"), x.caseIds());
                assertSame(cl, x.checklist());
            }
            assertEquals(VERDICTS.toString(), v.path());
            assertEquals("上传.xml", b.path());
            assertEquals("<string>", s.path());
            assertEquals(2, v.caseLine("P1"));
            assertEquals(9, v.caseLine("P2"));   // its first <case>
            assertEquals(0, v.caseLine("P9"));
            assertTrue(v.toString().contains("9 for 3 cases"));
            Path one = Fixtures.pending("case-1.xml");
            assertEquals(cl.scoreFile(one, v), cl.scoreFile(one, b));
            assertEquals(cl.scoreFile(one, v), cl.scoreFile(one, s));
        }
    }

    /** Each way of scoring with verdicts gives the command line's
     *  {@code --verdicts} lines, byte for byte; without them the items
     *  are pending again. */
    @Test
    void everyWayOfScoringTakesThem() throws Exception {
        List<Path> cases = Fixtures.pendingCases();
        List<String> with = Fixtures.cliJson(CHECKLIST, cases,
                                             "--verdicts", VERDICTS.toString());
        List<String> without = Fixtures.cliJson(CHECKLIST, cases);
        try (Checklist cl = Checklist.load(CHECKLIST);
             Verdicts v = cl.loadVerdicts(VERDICTS)) {
            for (int i = 0; i < cases.size(); i++) {
                Path p = cases.get(i);
                assertEquals(with.get(i), cl.scoreFile(p, v).json());
                assertEquals(with.get(i), cl.scoreFile(p.toString(), v).json());
                assertEquals(with.get(i), cl.scoreBytes(
                    Files.readAllBytes(p), p.toString(), v).json());
                // the pool's evaluators forget them between calls
                assertEquals(without.get(i), cl.scoreFile(p).json());
            }
            List<Path> many = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (int r = 0; r < 7; r++) {
                many.addAll(cases);
                want.addAll(with);
            }
            assertEquals(want, cl.scoreMany(many, 3, v).toList().stream()
                .map(Result::json).toList());
            try (Evaluator ev = cl.evaluator(false, v)) {
                assertSame(v, ev.verdicts());
                assertEquals(with.get(0), ev.scoreFile(cases.get(0)).json());
                ev.setVerdicts(null);
                assertNull(ev.verdicts());
                assertEquals(without.get(0), ev.scoreFile(cases.get(0)).json());
                ev.setVerdicts(v);
                assertEquals(with.get(1), ev.scoreFile(cases.get(1)).json());
            }
            // explain and verdicts together: the command line's line
            List<String> explained = Fixtures.cliJson(CHECKLIST, cases,
                "--verdicts", VERDICTS.toString(), "--explain");
            try (Evaluator ev = cl.evaluator(true, v)) {
                assertEquals(explained.get(0),
                             ev.scoreFile(cases.get(0)).json());
            }
        }
    }

    @Test
    void whatAVerdictPutsInTheResult() throws Exception {
        try (Checklist cl = Checklist.load(CHECKLIST);
             Verdicts v = cl.loadVerdicts(VERDICTS)) {
            Result r = cl.scoreFile(Fixtures.pending("case-1.xml"), v);
            assertEquals(105.0, r.score());
            assertNull(r.scoreRange());
            assertTrue(r.pending().isEmpty());
            assertTrue(r.complete());
            assertEquals(10.0, r.bonus());
            Map<String, Item> items = byId(r);
            Item r1 = items.get("R1");
            assertEquals(ItemState.FAILED, r1.state());
            assertEquals(2.0, r1.deducted());
            assertEquals(new Verdict(ItemState.FAILED, 2, "张三",
                                     "2026-12-01T10:05:00+08:00",
                                     "裁量理由仅为“综合考虑”",
                                     ItemState.PENDING), r1.verdict());
            Item r3 = items.get("R3");
            assertEquals("第2页未签名", r3.verdict().reason());
            assertTrue(r3.findings().get(0).hint());   // the machine's hint
            assertEquals("", items.get("R2").verdict().reason());
            Item e2 = items.get("E2");
            assertEquals(ItemState.NOT_APPLICABLE, e2.verdict().result());
            assertEquals(2.0, e2.points());
            assertEquals(0.0, e2.earned());
            Item x1 = items.get("X1");
            assertEquals(10.0, x1.bonus());
            assertNull(x1.points());
            assertNull(items.get("M1").verdict());
            // a reviewer's correction of the machine keeps its state
            Result p2 = cl.scoreFile(Fixtures.pending("case-2.xml"), v);
            Verdict m1 = byId(p2).get("M1").verdict();
            assertEquals(ItemState.PASSED, m1.result());
            assertEquals(ItemState.FAILED, m1.machineState());
        }
        // the standard checklist: a verdict overrides a machine item
        try (Checklist cl = Checklist.load(Fixtures.general());
             Verdicts v = Verdicts.fromString(cl, GENERAL_VERDICTS,
                                              "general-verdicts.xml")) {
            Result d = cl.scoreFile(
                Fixtures.example("defect-one-officer-expired-cert.xml"), v);
            assertEquals(97.0, d.score());
            assertEquals(List.of("S4"), d.deductions().stream()
                .map(Item::id).toList());
            Item s3 = byId(d).get("S3");
            assertEquals(ItemState.PASSED, s3.state());
            assertEquals(ItemState.FAILED, s3.verdict().machineState());
            assertFalse(s3.findings().isEmpty());     // the machine's kept
        }
    }

    @Test
    void verdictsOfAnotherChecklistAreRefused() throws Exception {
        Path one = Fixtures.pending("case-1.xml");
        try (Checklist a = Checklist.load(CHECKLIST);
             Checklist b = Checklist.load(CHECKLIST);
             Verdicts v = a.loadVerdicts(VERDICTS);
             Evaluator ev = b.evaluator()) {
            assertThrows(IllegalArgumentException.class,
                         () -> b.scoreFile(one, v));
            assertThrows(IllegalArgumentException.class,
                         () -> b.scoreBytes(new byte[] {'<'}, "x", v));
            assertThrows(IllegalArgumentException.class,
                         () -> b.scoreMany(List.of(one), 1, v));
            assertThrows(IllegalArgumentException.class,
                         () -> b.evaluator(false, v));
            // the library's own check, through an evaluator
            assertThrows(IllegalArgumentException.class,
                         () -> ev.setVerdicts(v));
            assertNull(ev.verdicts());
            assertFalse(ev.scoreFile(one).pending().isEmpty());
        }
    }

    @Test
    void closedVerdictsRefuseNewWork() throws Exception {
        Path one = Fixtures.pending("case-1.xml");
        try (Checklist cl = Checklist.load(CHECKLIST)) {
            Verdicts v = cl.loadVerdicts(VERDICTS);
            Evaluator ev = cl.evaluator(false, v);
            v.close();
            v.close();
            assertTrue(v.isClosed());
            assertThrows(IllegalStateException.class,
                         () -> cl.scoreFile(one, v));
            assertThrows(IllegalStateException.class,
                         () -> cl.scoreMany(List.of(one), 2, v));
            assertThrows(IllegalStateException.class,
                         () -> cl.evaluator(false, v));
            // an evaluator given them before keeps its own reference
            assertEquals(105.0, ev.scoreFile(one).score());
            assertEquals(9, v.count());              // metadata stays
            ev.close();
            // the checklist's pool still serves calls without verdicts
            assertEquals(List.of("R1", "R3"),
                         cl.scoreFile(Fixtures.pending("case-2.xml"))
                             .pending());
        }
    }

    @Test
    void aBrokenVerdictsFileListsEveryProblemWithItsLine() throws Exception {
        Path dir = Fixtures.cases("lint", "bad-verdicts");
        Path bad = dir.resolve("verdicts.xml");
        try (Checklist cl = Checklist.load(dir.resolve("checklist.xml"))) {
            VerdictsException e = assertThrows(VerdictsException.class,
                () -> cl.loadVerdicts(bad));
            assertTrue(e instanceof ChecklistException);
            assertEquals(Status.CHECKLIST, e.getStatus());
            assertEquals(2504, e.getCode());    // another checklist's id
            assertEquals(bad.toString(), e.getFile());
            assertEquals(1, e.getLine());
            assertEquals(20, e.getErrors().size());
            assertTrue(e.getMessage().startsWith(
                "verdicts " + bad + " do not load:\n"), e.getMessage());
            // each problem as `casereview lint --verdicts` prints it
            List<String> lint = Fixtures.cli("lint", "--verdicts",
                                             bad.toString(),
                                             dir.resolve("checklist.xml")
                                                 .toString())
                .stream().filter(l -> l.startsWith(bad.toString()))
                .filter(l -> l.contains("错误[CR-") || l.contains("error[CR-"))
                .toList();
            assertEquals(lint, e.getErrors().stream()
                .map(Diagnostic::toString).toList());
            Diagnostic second = e.getErrors().get(1);
            assertEquals(2508, second.code());
            assertEquals(3, second.line());
            // the same from bytes, named as given
            VerdictsException m = assertThrows(VerdictsException.class,
                () -> Verdicts.fromBytes(cl, Files.readAllBytes(bad),
                                         "form.xml"));
            assertEquals("form.xml", m.getFile());
            assertEquals(20, m.getErrors().size());
        }
    }

    @Test
    void verdictsThatAreNotThereOrNotXml(@TempDir Path dir) throws Exception {
        try (Checklist cl = Checklist.load(CHECKLIST)) {
            VerdictsException none = assertThrows(VerdictsException.class,
                () -> cl.loadVerdicts(dir.resolve("none.xml")));
            assertEquals(Status.IO, none.getStatus());
            assertTrue(none.getMessage().contains("none.xml"));
            VerdictsException notXml = assertThrows(VerdictsException.class,
                () -> Verdicts.fromString(cl, "<verdicts>\n<case>\n",
                                          "cut.xml"));
            assertEquals(2501, notXml.getCode());
            assertTrue(notXml.getLine() >= 2, notXml.getMessage());
            assertThrows(NullPointerException.class,
                         () -> Verdicts.fromBytes(cl, null, "x"));
        }
        Checklist closed = Checklist.load(CHECKLIST);
        closed.close();
        assertThrows(IllegalStateException.class,
                     () -> closed.loadVerdicts(VERDICTS));
    }
}
