/*
 * BenchJava.java — throughput of the Java binding (Checklist.scoreMany
 * on N threads) on the same files as cr-bench; prints one line in
 * cr-bench's key=value form, as bench-py.py does for Python.
 *
 *   CASEREVIEW_LIBRARY=.../libcasereview.so.0 java \
 *       -cp build/bindings/java/casereview-0.2.0.jar:/usr/share/java/jna.jar \
 *       bench/BenchJava.java -c CHECKLIST [-j N] [-r PASSES] FILE...
 *
 * Each pass reads every result's JSON bytes (what a caller stores or
 * sends on), as the Python figure does; the first passes also warm the
 * JIT. CPU time is the process's (clock_gettime through JNA: the JVM's
 * own figure ticks in 10 ms), JIT compiler and GC threads included.
 */
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;

import org.casereview.Checklist;
import org.casereview.Result;

public class BenchJava {
    public interface LibC extends Library {
        int clock_gettime(int clock, long[] timespec);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    private static double cpuSeconds() {
        long[] ts = new long[2];     // struct timespec on LP64
        LIBC.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts);
        return ts[0] + ts[1] / 1e9;
    }

    public static void main(String[] args) throws IOException {
        String checklist = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int passes = 1;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "-c": checklist = args[++i]; break;
            case "-j": threads = Integer.parseInt(args[++i]); break;
            case "-r": passes = Integer.parseInt(args[++i]); break;
            default: files.add(Path.of(args[i]));
            }
        }
        long bytes = 0;
        for (Path p : files) {
            bytes += Files.size(p);
        }
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        int failures = 0;
        try (Checklist cl = Checklist.load(Path.of(checklist))) {
            for (int pass = 0; pass < passes; pass++) {
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                failures = 0;
                var it = cl.scoreMany(files, threads);
                while (it.hasNext()) {
                    Result r = it.next();
                    if (r.jsonBytes().length == 0 || r.isError()) {
                        failures++;
                    }
                }
                double t = (System.nanoTime() - t0) / 1e9;
                double c = cpuSeconds() - c0;
                best = Math.min(best, t);
                bestCpu = Math.min(bestCpu, c);
            }
        }
        long rssKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        System.out.printf("mode=java threads=%d files=%d bytes=%d seconds=%.6f "
            + "cpu_seconds=%.6f cases_per_s=%.1f mb_per_s=%.2f "
            + "cpu_cases_per_s=%.1f load_s=0 maxrss_kb=%d failures=%d%n",
            threads, files.size(), bytes, best, bestCpu, files.size() / best,
            bytes / best / 1e6, files.size() / bestCpu, rssKb, failures);
    }
}
