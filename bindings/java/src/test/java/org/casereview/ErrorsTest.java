package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {
    static final String BROKEN =
        "<checklist xmlns=\"urn:casereview:checklist:1\" id=\"b\" total=\"10\">\n"
        + "  <category id=\"c\" title=\"C\" points=\"10\">\n"
        + "    <item id=\"I1\" title=\"t\" deduct=\"1\">\n"
        + "      <check context=\"/case\">\n"
        + "        <assert test=\"cr:matchs(@id, 'x')\">m</assert>\n"
        + "      </check>\n"
        + "    </item>\n"
        + "    <item id=\"I1\" title=\"t\" deduct=\"1\"/>\n"
        + "  </category>\n"
        + "</checklist>\n";

    @Test
    void aBrokenChecklistListsEveryProblemLikeLint(@TempDir Path dir)
        throws Exception {
        Path file = dir.resolve("broken.xml");
        Files.writeString(file, BROKEN);
        ChecklistException e = assertThrows(ChecklistException.class,
            () -> Checklist.load(file));
        assertEquals(Status.CHECKLIST, e.getStatus());
        assertEquals(2207, e.getCode());          // unknown function
        assertEquals(file.toString(), e.getFile());
        assertEquals(5, e.getLine());
        assertEquals(file.toString(), e.getPath());
        assertTrue(e.getErrors().size() >= 2, e.getMessage());
        // the same lines as `casereview lint`, in the same order (the
        // warnings too: this checklist has no <accepts>)
        List<String> lint = Fixtures.cli("lint", file.toString()).stream()
            .filter(l -> l.contains("[CR-"))
            .collect(Collectors.toList());
        assertEquals(lint, e.getDiagnostics().stream()
            .map(Diagnostic::toString).collect(Collectors.toList()));
        assertTrue(e.getMessage().contains("cr:matchs"));
    }

    @Test
    void fromStringNamesTheChecklistInDiagnostics() {
        ChecklistException e = assertThrows(ChecklistException.class,
            () -> Checklist.fromString(BROKEN, "mine.xml", null,
                                       new LoadOptions()));
        assertEquals("mine.xml", e.getFile());
        assertEquals("mine.xml", e.getDiagnostics().get(0).file());
    }

    @Test
    void aMissingChecklistIsAnIoError(@TempDir Path dir) {
        Path none = dir.resolve("none.xml");
        ChecklistException e = assertThrows(ChecklistException.class,
            () -> Checklist.load(none));
        assertEquals(Status.IO, e.getStatus());
        assertTrue(e.getMessage().contains("none.xml"), e.getMessage());
    }

    @Test
    void anUnknownParamDoesNotLoad() {
        ChecklistException e = assertThrows(ChecklistException.class,
            () -> Checklist.load(Fixtures.general(),
                                 new LoadOptions().param("no-such", "1")));
        assertTrue(e.getMessage().contains("no-such"), e.getMessage());
        assertTrue(e.getCode() > 0);
    }

    @Test
    void anUnscorableCaseIsACaseExceptionWithItsLine(@TempDir Path dir)
        throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<case>\n<a>\n</case>\n");
        List<String> cli = Fixtures.cliJson(Fixtures.general(), List.of(bad));
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            CaseException e = assertThrows(CaseException.class,
                                           () -> cl.scoreFile(bad));
            assertEquals(Status.CASE, e.getStatus());
            assertEquals(bad.toString(), e.getFile());
            assertEquals(3, e.getLine());
            assertEquals(cli.get(0), e.getJson());
            assertTrue(e.getMessage().startsWith(bad + ":3: "));
            try (Evaluator ev = cl.evaluator()) {
                Result r = ev.scoreFile(bad.toString(), false);
                assertTrue(r.isError());
                assertEquals(cli.get(0), r.json());
                Result b = ev.scoreBytes("<case>".getBytes(
                    StandardCharsets.UTF_8), "x.xml", false);
                assertTrue(b.isError());
                assertFalse(b.error().isEmpty());
            }
            CaseException missing = assertThrows(CaseException.class,
                () -> cl.scoreFile(dir.resolve("missing.xml")));
            assertEquals(0, missing.getLine());
            CaseException empty = assertThrows(CaseException.class,
                () -> cl.scoreBytes(new byte[0], "empty.xml"));
            assertEquals("empty.xml", empty.getFile());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeC() throws Exception {
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            assertThrows(IllegalArgumentException.class,
                         () -> cl.scoreFile("a\0b.xml"));
            assertThrows(NullPointerException.class,
                         () -> cl.scoreBytes(null, "x"));
            assertThrows(IllegalArgumentException.class,
                         () -> cl.scoreMany(List.of(), 0));
            try (Evaluator ev = cl.evaluator()) {
                assertThrows(IllegalArgumentException.class,
                             () -> ev.setParam("no-such", "1"));
            }
        }
        assertThrows(IllegalArgumentException.class,
                     () -> new LoadOptions().maxCaseSize(0));
        assertThrows(IllegalArgumentException.class,
                     () -> new LoadOptions().regexMatchLimit(1L << 32));
        assertThrows(IllegalArgumentException.class,
                     () -> new LoadOptions().xpathOpLimit(-1));
        assertThrows(IllegalArgumentException.class,
                     () -> Result.fromJson("not json"));
        assertThrows(IllegalArgumentException.class,
                     () -> Result.fromJson("[1]"));
    }

    @Test
    void closedObjectsRefuseWork() throws Exception {
        Checklist cl = Checklist.load(Fixtures.general());
        Evaluator ev = cl.evaluator();
        ev.close();
        ev.close();
        assertTrue(ev.isClosed());
        assertThrows(IllegalStateException.class,
            () -> ev.scoreFile(Fixtures.example("clean-general.xml")));
        cl.close();
        cl.close();
        assertTrue(cl.isClosed());
        assertThrows(IllegalStateException.class,
            () -> cl.scoreFile(Fixtures.example("clean-general.xml")));
        assertThrows(IllegalStateException.class, () -> cl.evaluator());
        assertThrows(IllegalStateException.class,
                     () -> cl.scoreMany(List.of(), 1));
        assertEquals("penalty-general", cl.id());   // metadata stays
    }
}
