package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-case budget and the bounds of a result (LoadOptions), and
 *  the error fields of cases that cannot be scored. */
class LimitsTest {
    /** max-findings and max-message-length: the command line's results
     *  with the same options, byte for byte. */
    @Test
    void boundsOfAResultAreTheCommandLines() throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> cli = Fixtures.cliJson(Fixtures.general(), cases,
            "--max-findings", "1", "--max-message-length", "3");
        LoadOptions opts = new LoadOptions().maxFindings(1)
            .maxMessageLength(3);
        try (Checklist cl = Checklist.load(Fixtures.general(), opts)) {
            int omitted = 0;
            for (int i = 0; i < cases.size(); i++) {
                Result r = cl.scoreFile(cases.get(i));
                assertEquals(cli.get(i), r.json());
                for (Item it : r.items()) {
                    assertTrue(it.findings().size() <= 1);
                    omitted += it.findingsOmitted();
                    for (Finding f : it.findings()) {
                        assertTrue(f.message().codePointCount(
                            0, f.message().length()) <= 4, f.message());
                    }
                }
            }
            assertTrue(omitted > 0, "no item had two findings");
        }
        // unbounded enough: nothing omitted, no key in the JSON
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            for (Path p : cases) {
                Result r = cl.scoreFile(p);
                assertFalse(r.json().contains("findings_omitted"));
                assertTrue(r.items().stream()
                    .allMatch(it -> it.findingsOmitted() == 0));
            }
        }
    }

    /** A case past its budget is an error naming the limit, never partly
     *  scored; the command line says the same. */
    @Test
    void aCasePastItsBudgetNamesTheLimit() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        record Case(Function<LoadOptions, LoadOptions> set, String limit,
                    String option, String value) {
        }
        for (Case c : List.of(
                 new Case(o -> o.maxCaseWork(10), "max-case-work",
                          "--max-case-work", "10"),
                 new Case(o -> o.maxCaseNodes(10), "max-case-nodes",
                          "--max-case-nodes", "10"),
                 new Case(o -> o.maxCaseTree(1024), "max-case-tree",
                          "--max-case-tree", "1024"))) {
            List<String> cli = Fixtures.cliJson(Fixtures.general(),
                List.of(clean), c.option(), c.value());
            try (Checklist cl = Checklist.load(Fixtures.general(),
                                               c.set().apply(
                                                   new LoadOptions()))) {
                CaseException e = assertThrows(CaseException.class,
                                               () -> cl.scoreFile(clean));
                assertEquals(c.limit(), e.getLimit());
                assertEquals("limit", e.getKind());
                Result r = e.getResult();
                assertEquals(c.limit(), r.errorLimit());
                assertTrue(r.error().contains(c.limit()), r.error());
                assertTrue(r.items().isEmpty());
                assertNull(r.score());
                assertEquals(cli.get(0), r.json());
            }
        }
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions()
                                               .maxCaseWork(200_000_000L)
                                               .maxCaseNodes(2_000_000L)
                                               .maxCaseTree(128L << 20))) {
            Result r = cl.scoreFile(clean);
            assertFalse(r.isError());
            assertNull(r.errorLimit());
            assertNull(r.errorKind());
        }
    }

    /** Items past the per-item XPath limit end in the error state: an
     *  incomplete result with errors, unlike one only pending. */
    @Test
    void itemsInErrorAreHasErrors() {
        String src = "<checklist xmlns=\"urn:casereview:checklist:1\""
            + " id=\"e\" version=\"1\" title=\"e\" total=\"10\">\n"
            + "  <category id=\"a\" title=\"A\" points=\"10\">\n"
            + "    <item id=\"CHEAP\" title=\"c\" deduct=\"1\">"
            + "<check context=\"/case\"><assert test=\"@id\">m</assert>"
            + "</check></item>\n"
            + "    <item id=\"DEAR\" title=\"d\" deduct=\"1\">"
            + "<check context=\"/case\"><assert test=\"count(//node()"
            + "[count(ancestor::*) &gt; 1]) &gt;= 0\">m</assert>"
            + "</check></item>\n"
            + "  </category>\n</checklist>\n";
        try (Checklist cl = Checklist.fromString(src, "e.xml", null,
                                                 new LoadOptions()
                                                     .xpathOpLimit(200))) {
            Result r = cl.scoreFile(Fixtures.example("clean-general.xml"));
            assertEquals(ItemState.PASSED, r.items().get(0).state());
            assertFalse(r.isError());
            assertFalse(r.complete());
            assertTrue(r.hasErrors());
            assertTrue(r.pending().isEmpty());
            Item bad = r.items().stream()
                .filter(it -> it.state() == ItemState.ERROR).findFirst()
                .orElseThrow();
            assertFalse(bad.error().isEmpty());
            assertTrue(Result.fromJson(r.json()).hasErrors());
        }
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            assertFalse(cl.scoreFile(Fixtures.example("clean-general.xml"))
                            .hasErrors());
        }
    }

    @Test
    void limitsAreCheckedNotWrapped() {
        LoadOptions o = new LoadOptions();
        assertThrows(IllegalArgumentException.class, () -> o.maxCaseWork(0));
        assertThrows(IllegalArgumentException.class, () -> o.maxCaseNodes(-1));
        assertThrows(IllegalArgumentException.class, () -> o.maxCaseTree(0));
        assertThrows(IllegalArgumentException.class,
                     () -> o.maxFindings(1L << 32));
        assertThrows(IllegalArgumentException.class,
                     () -> o.maxMessageLength(0));
        assertThrows(IllegalArgumentException.class,
                     () -> o.maxMessageLength(-1));
        // the largest an unsigned int holds is taken as it is
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           o.maxFindings(0xFFFFFFFFL)
                                               .maxMessageLength(0xFFFFFFFFL))) {
            assertEquals(100.0, cl.scoreFile(
                Fixtures.example("clean-general.xml")).score());
        }
    }

    /** Why a case could not be scored, for programs: kind, the parser's
     *  own words; and the encoding a file without a declaration was
     *  read in. */
    @Test
    void errorKindDetailAndEncodingGuess(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<case>\n<a>\n</case>\n");
        Path pdf = dir.resolve("x.pdf");
        Files.writeString(pdf, "%PDF-1.4\n");
        String clean = Files.readString(Fixtures.example("clean-general.xml"));
        Path gb = dir.resolve("gb.xml");
        Files.write(gb, clean.replaceFirst("<\\?xml[^>]*\\?>",
                                           "<?xml version=\"1.0\"?>")
            .getBytes(Charset.forName("GB18030")));
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            CaseException e = assertThrows(CaseException.class,
                                           () -> cl.scoreFile(bad));
            assertEquals("not-well-formed", e.getKind());
            assertTrue(e.getDetail().contains("mismatch"), e.getDetail());
            assertNull(e.getLimit());
            assertEquals("not-xml", assertThrows(CaseException.class,
                () -> cl.scoreFile(pdf)).getKind());
            Result g = cl.scoreFile(gb);
            assertEquals("GB18030", g.encodingGuess());
            assertEquals(100.0, g.score());
            assertNull(cl.scoreFile(Fixtures.example("clean-general.xml"))
                           .encodingGuess());
            List<String> cli = Fixtures.cliJson(Fixtures.general(),
                                                List.of(gb));
            assertEquals(cli.get(0), g.json());
        }
        // an error result made for a case that never reached the engine
        Result made = Result.errorResult("a.zip!b.xml", "成员过大", 7);
        assertNull(made.errorKind());
        assertNull(made.errorDetail());
    }
}
