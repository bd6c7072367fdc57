package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of bindings/java/README.md compile and run. */
class ReadmeTest {
    /** The README's Nth ```java block (from 0). */
    static String example(int n) throws Exception {
        String readme = Files.readString(
            Fixtures.source().resolve("bindings/java/README.md"));
        int a = -1;
        for (int i = 0; i <= n; i++) {
            a = readme.indexOf("```java\n", a + 1);
            assertTrue(a >= 0, "no java example " + n);
        }
        a += "```java\n".length();
        return readme.substring(a, readme.indexOf("```", a));
    }

    /** Compiles CODE as class NAME in DIR, runs its main with ARGS and
     *  returns what it printed. */
    static List<String> run(Path dir, String name, String code,
                            String... args) throws Exception {
        Path src = dir.resolve(name + ".java");
        Files.writeString(src, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK is needed");
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(),
            "-cp", System.getProperty("java.class.path"), src.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (URLClassLoader loader = new URLClassLoader(
                 new URL[] {dir.toUri().toURL()},
                 ReadmeTest.class.getClassLoader())) {
            Method main = loader.loadClass(name)
                .getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theReadmeExampleRuns(@TempDir Path dir) throws Exception {
        String code = example(0);
        assertTrue(code.lines().count() <= 20, "the example grew");
        code = code.replace("/usr/share/casereview/checklists/penalty-general.xml",
                            Fixtures.general().toString());
        Path clean = Fixtures.example("clean-general.xml");
        Path defect = Fixtures.example("defect-one-officer-expired-cert.xml");
        List<String> lines = run(dir, "Review", code, defect.toString(),
                                 clean.toString());
        assertEquals("94.0 优秀", lines.get(0));
        assertTrue(lines.get(1).startsWith("S3 -3.0 "), lines.get(1));
        assertTrue(lines.get(2).startsWith("S4 -3.0 "), lines.get(2));
        List<String> cli = Fixtures.cliJson(Fixtures.general(),
            List.of(defect, clean), "--param", "disclosure-workdays=20");
        assertEquals(cli, lines.subList(3, 5));
    }

    @Test
    void theVerdictsExampleRuns(@TempDir Path dir) throws Exception {
        List<String> lines = run(dir, "Reviewed", example(1),
            VerdictsTest.CHECKLIST.toString(),
            VerdictsTest.VERDICTS.toString(),
            Fixtures.pending("case-1.xml").toString(),
            Fixtures.cases("verdicts", "pending-with-verdicts")
                .resolve("case-2.xml").toString());
        assertEquals("P1 105.0 pending [] range null", lines.get(0));
        assertEquals("  R1 FAILED by 张三, machine: PENDING", lines.get(1));
        assertTrue(lines.contains("P2 95.0 pending [] range null"),
                   lines.toString());
        assertTrue(lines.contains("  M1 PASSED by 王五, machine: FAILED"),
                   lines.toString());
    }
}
