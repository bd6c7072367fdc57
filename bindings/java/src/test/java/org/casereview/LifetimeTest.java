package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Native handles are freed deterministically by close(), and by the
 *  Cleaner for objects never closed; Lib.LIVE counts them. */
@Isolated
class LifetimeTest {
    /** Closing the checklist while 8 threads score with it: calls in
     *  progress finish with correct results, later ones are refused, and
     *  every native handle is freed once the threads are done. */
    @Test
    void closingUnderUse() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        String expected = Fixtures.cliJson(Fixtures.general(),
                                           List.of(clean)).get(0);
        int before = Lib.LIVE.get();
        Checklist cl = Checklist.load(Fixtures.general());
        CountDownLatch running = new CountDownLatch(8);
        AtomicInteger scored = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Throwable> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                boolean first = true;
                for (;;) {
                    try {
                        Result r = cl.scoreFile(clean);
                        if (!expected.equals(r.json())) {
                            wrong.add(new AssertionError(r.json()));
                        }
                        scored.incrementAndGet();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        return;
                    } catch (Throwable e) {
                        wrong.add(e);
                        return;
                    } finally {
                        if (first) {
                            running.countDown();
                            first = false;
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        running.await();
        cl.close();
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertEquals(8, refused.get());
        assertTrue(scored.get() >= 8);
        assertEquals(before, Lib.LIVE.get());
    }

    /** close() on an evaluator in use waits for the call to return. */
    @Test
    void closingAnEvaluatorWaitsForItsCall() throws Exception {
        byte[] big = ThreadsTest.bigCase();
        int before = Lib.LIVE.get();
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Evaluator ev = cl.evaluator();
            AtomicReference<Result> got = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread th = new Thread(() -> {
                started.countDown();
                try {
                    got.set(ev.scoreBytes(big, "big.xml"));
                } catch (IllegalStateException e) {
                    // closed before the call began: refused, as it must be
                }
            });
            th.start();
            started.await();
            ev.close();
            th.join();
            assertTrue(ev.isClosed());
            // either the call ran before the close, or it was refused
            if (got.get() != null) {
                assertFalse(got.get().isError());
            }
        }
        assertEquals(before, Lib.LIVE.get());
    }

    /** An evaluator keeps the compiled checklist alive after the
     *  Checklist is closed. */
    @Test
    void anEvaluatorOutlivesItsChecklist() throws Exception {
        int before = Lib.LIVE.get();
        Checklist cl = Checklist.load(Fixtures.general());
        Evaluator ev = cl.evaluator();
        cl.close();
        assertEquals(before + 1, Lib.LIVE.get());
        Result r = ev.scoreFile(Fixtures.example("clean-general.xml"));
        assertEquals(100.0, r.score());
        ev.close();
        assertEquals(before, Lib.LIVE.get());
    }

    /** A scoreMany closed after one result stops its threads and gives
     *  its evaluators back. */
    @Test
    void scoreManyClosedEarly() throws Exception {
        int before = Lib.LIVE.get();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            paths.add(Fixtures.example("clean-general.xml"));
        }
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            try (ScoreMany it = cl.scoreMany(paths, 4)) {
                assertEquals(100.0, it.next().score());
            }
        }
        assertEquals(before, Lib.LIVE.get());
    }

    /** Checklists and evaluators never closed are freed by the Cleaner
     *  once unreachable. */
    @Test
    void theCleanerFreesWhatWasNotClosed() throws Exception {
        int before = Lib.LIVE.get();
        leak();
        assertEquals(before + 2, Lib.LIVE.get());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Lib.LIVE.get() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, Lib.LIVE.get());
    }

    private static void leak() {
        Checklist cl = Checklist.load(Fixtures.simplified());
        Evaluator ev = cl.evaluator();
        ev.scoreFile(Fixtures.example("clean-simplified.xml"));
    }
}
