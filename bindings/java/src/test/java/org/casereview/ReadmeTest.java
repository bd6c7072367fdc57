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

/** The 20-line example of bindings/java/README.md compiles and runs. */
class ReadmeTest {
    @Test
    void theReadmeExampleRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(
            Fixtures.source().resolve("bindings/java/README.md"));
        int a = readme.indexOf("```java\n") + "```java\n".length();
        String code = readme.substring(a, readme.indexOf("```", a));
        assertTrue(code.lines().count() <= 20, "the example grew");
        code = code.replace("/usr/share/casereview/checklists/penalty-general.xml",
                            Fixtures.general().toString());
        Path src = dir.resolve("Review.java");
        Files.writeString(src, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK is needed");
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(),
            "-cp", System.getProperty("java.class.path"), src.toString()));

        Path clean = Fixtures.example("clean-general.xml");
        Path defect = Fixtures.example("defect-one-officer-expired-cert.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (URLClassLoader loader = new URLClassLoader(
                 new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("Review")
                .getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {defect.toString(),
                                                     clean.toString()});
        } finally {
            System.setOut(old);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines()
            .toList();
        assertEquals("94.0 优秀", lines.get(0));
        assertTrue(lines.get(1).startsWith("S3 -3.0 "), lines.get(1));
        assertTrue(lines.get(2).startsWith("S4 -3.0 "), lines.get(2));
        List<String> cli = Fixtures.cliJson(Fixtures.general(),
            List.of(defect, clean), "--param", "disclosure-workdays=20");
        assertEquals(cli, lines.subList(3, 5));
    }
}
