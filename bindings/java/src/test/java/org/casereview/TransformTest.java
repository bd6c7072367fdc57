package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agencies' exports mapped to casefile (Transform) and case files
 *  checked against the format (Casereview.validate). */
class TransformTest {
    static final Path MAPPING = Fixtures.mapping("anjuan-to-casefile.xsl");
    static final Path EXPORT = Fixtures.mapping("anjuan-mulu.xml");

    static Path hostile(String name) {
        return Fixtures.source().resolve("tests/hostile/xslt").resolve(name);
    }

    @Test
    void anExportScoresAsTheCommandLineScoresIt() throws Exception {
        List<String> cli = Fixtures.cliJson(Fixtures.general(),
            List.of(EXPORT), "--transform", MAPPING.toString());
        try (Transform tf = Transform.load(MAPPING);
             Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions().transform(tf))) {
            assertEquals(MAPPING.toString(), tf.path());
            assertEquals("Transform[" + MAPPING + "]", tf.toString());
            assertEquals(MAPPING.toString(), cl.transformPath());
            Result r = cl.scoreFile(EXPORT);
            assertEquals(cli.get(0), r.json());
            assertEquals(94.0, r.score());
            Finding s3 = VerdictsTest.byId(r).get("S3").findings().get(0);
            assertEquals("/案卷目录/页[4]", s3.location());
            List<Path> six = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                six.add(EXPORT);
            }
            for (Result m : cl.scoreMany(six, 3).toList()) {
                assertEquals(cli.get(0), m.json());
            }
            assertEquals(94.0, cl.scoreBytes(Files.readAllBytes(EXPORT),
                                             "x.xml").score());
            // an evaluator may take the mapping away, or another one
            try (Evaluator ev = cl.evaluator()) {
                assertEquals(cli.get(0), ev.scoreFile(EXPORT).json());
                ev.setTransform(null);
                Result plain = ev.scoreFile(EXPORT.toString(), false);
                assertTrue(plain.isError() || plain.score() != 94.0,
                           plain.json());
                ev.setTransform(tf);
                assertEquals(cli.get(0), ev.scoreFile(EXPORT).json());
            }
        }
        // a path: loaded with the checklist
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions()
                                               .transform(MAPPING))) {
            assertEquals(cli.get(0), cl.scoreFile(EXPORT).json());
        }
        // without a mapping the checklist has none
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            assertNull(cl.transformPath());
        }
    }

    /** The checklist keeps a reference of its own: closing the Transform
     *  after the load changes nothing, even for new evaluators. */
    @Test
    void theChecklistKeepsItsMapping() throws Exception {
        Transform tf = Transform.load(MAPPING);
        try (Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions().transform(tf))) {
            tf.close();
            assertTrue(tf.isClosed());
            assertEquals(94.0, cl.scoreFile(EXPORT).score());
            try (Evaluator ev = cl.evaluator()) {
                assertEquals(94.0, ev.scoreFile(EXPORT).score());
                assertThrows(IllegalStateException.class,
                             () -> ev.setTransform(tf));
            }
            assertThrows(IllegalStateException.class,
                () -> Checklist.load(Fixtures.general(),
                                     new LoadOptions().transform(tf)));
            assertThrows(IllegalStateException.class,
                         () -> Casereview.validate(EXPORT, tf));
        }
    }

    @Test
    void aBrokenMappingDoesNotLoad(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xsl");
        Files.writeString(bad, "<xsl:stylesheet version='1.0'\n"
            + " xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n"
            + "<xsl:template match='/'><xsl:value-of select='('/>\n"
            + "</xsl:template></xsl:stylesheet>\n");
        TransformException e = assertThrows(TransformException.class,
            () -> Transform.load(bad));
        assertTrue(e instanceof ChecklistException);
        assertEquals(Status.CHECKLIST, e.getStatus());
        assertEquals(2620, e.getCode());
        assertEquals(bad.toString(), e.getPath());
        assertTrue(e.getMessage().startsWith("mapping " + bad
                                             + " does not load:\n"));
        assertTrue(e.getMessage().contains("映射文件不是可用的 XSLT 1.0 样式表"),
                   e.getMessage());
        // through LoadOptions: no checklist is made
        int before = Lib.LIVE.get();
        assertThrows(TransformException.class,
            () -> Checklist.load(Fixtures.general(),
                                 new LoadOptions().transform(bad)));
        assertEquals(before, Lib.LIVE.get());
        TransformException none = assertThrows(TransformException.class,
            () -> Transform.load(dir.resolve("none.xsl")));
        assertEquals(Status.IO, none.getStatus());
        assertTrue(none.getMessage().contains("映射文件无法读取"),
                   none.getMessage());
    }

    /** Mappings that reach for /etc/passwd: refused at load (an include)
     *  or when run (document(), a URL, an entity), each cleanly, and
     *  nothing of the file comes out. */
    @Test
    void aMappingReadingEtcPasswdFailsCleanly() throws Exception {
        TransformException inc = assertThrows(TransformException.class,
            () -> Transform.load(hostile("include-passwd.xsl")));
        assertEquals(2621, inc.getCode());
        assertTrue(inc.getLine() >= 0);
        for (String name : List.of("read-passwd.xsl", "read-passwd-url.xsl")) {
            try (Transform tf = Transform.load(hostile(name));
                 Checklist cl = Checklist.load(Fixtures.general(),
                                               new LoadOptions()
                                                   .transform(tf))) {
                CaseException e = assertThrows(CaseException.class,
                    () -> cl.scoreFile(EXPORT), name);
                assertEquals("transform", e.getKind(), name);
                assertEquals(Status.CASE, e.getStatus());
                assertFalse(e.getJson().contains("root:"), name);
                Result r = e.getResult();
                assertEquals("transform", r.errorKind());
                assertTrue(r.error().contains("已拒绝"), r.error());
                List<String> cli = Fixtures.cliJson(Fixtures.general(),
                    List.of(EXPORT), "--transform", hostile(name).toString());
                assertEquals(cli.get(0), r.json());
                Validation v = Casereview.validate(EXPORT, tf);
                assertFalse(v.ok());
                assertFalse(v.formatted().contains("root:"), name);
            }
        }
        // an external entity in the mapping is never loaded: the case is
        // scored without it
        try (Transform tf = Transform.load(hostile("entity-passwd.xsl"));
             Checklist cl = Checklist.load(Fixtures.general(),
                                           new LoadOptions().transform(tf))) {
            Result r = cl.scoreFile(EXPORT);
            assertFalse(r.isError());
            assertFalse(r.json().contains("root:"));
        }
    }

    @Test
    void validateFindsEveryProblemByLine(@TempDir Path dir) throws Exception {
        Validation clean = Casereview.validate(
            Fixtures.example("clean-general.xml"));
        assertTrue(clean.ok());
        assertEquals(Status.OK, clean.status());
        assertTrue(clean.errors().isEmpty());

        Validation export = Casereview.validate(EXPORT);
        assertFalse(export.ok());
        assertEquals(Status.CASE, export.status());
        Diagnostic root = export.errors().get(0);
        assertEquals(2611, root.code());
        assertEquals(13, root.line());
        assertEquals(EXPORT.toString(), root.file());
        assertTrue(root.message().contains("根元素为 <案卷目录>"));
        try (Transform tf = Transform.load(MAPPING)) {
            Validation mapped = Casereview.validate(EXPORT, tf);
            assertTrue(mapped.ok(), mapped.formatted());
            assertTrue(mapped.diagnostics().isEmpty());
            Validation b = Casereview.validate(Files.readAllBytes(EXPORT),
                                               "上传.xml", tf);
            assertTrue(b.ok());
        }

        Path bad = dir.resolve("v.xml");
        Files.writeString(bad, "<case format=\"casefile/1\" id=\"x\">\n<foo/>\n"
                          + "<agency code=\"1\"/>\n</case>\n");
        Validation v = Casereview.validate(bad);
        assertFalse(v.ok());
        // the lines `casereview validate` prints, the same
        List<String> cli = Fixtures.cli("validate", bad.toString()).stream()
            .filter(l -> l.contains("[CR-"))
            .toList();
        assertEquals(cli, v.diagnostics().stream().map(Diagnostic::toString)
            .toList());
        assertEquals(2, v.errors().get(0).line());
        assertTrue(v.toString().startsWith("Validation[case, "));
        Validation fromBytes = Casereview.validate(
            Files.readString(bad).getBytes(StandardCharsets.UTF_8), null,
            null);
        assertEquals("<bytes>", fromBytes.errors().get(0).file());
        assertEquals(v.errors().size(), fromBytes.errors().size());

        // warnings only: it passes, every warning with its line
        Path warned = dir.resolve("w.xml");
        Files.writeString(warned, Files.readString(
                Fixtures.example("clean-general.xml"))
            .replace("<officer ref=\"o1\" />", "<officer ref=\"o99\" />"));
        Validation w = Casereview.validate(warned);
        assertTrue(w.ok());
        assertTrue(w.errors().isEmpty());
        assertFalse(w.warnings().isEmpty());
        assertEquals(2613, w.warnings().get(0).code());
        assertEquals(24, w.warnings().get(0).line());
        assertEquals(Fixtures.cli("validate", warned.toString()).stream()
                         .filter(l -> l.contains("警告[CR-")
                                      || l.contains("warning[CR-"))
                         .toList(),
                     w.warnings().stream().map(Diagnostic::toString)
                         .toList());

        Validation none = Casereview.validate(dir.resolve("none.xml"));
        assertFalse(none.ok());
        assertEquals(Status.IO, none.status());
        assertFalse(none.errors().isEmpty());
        assertThrows(NullPointerException.class,
                     () -> Casereview.validate(null, "x", null));
    }
}
