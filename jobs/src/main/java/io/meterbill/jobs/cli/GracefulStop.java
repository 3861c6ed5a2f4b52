package io.meterbill.jobs.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT during a cycle run: the first asks the run to stop at its next chunk boundary
 * (it ends STOPPED and the process exits 1, restartable); a second stops the process at once with
 * exit 1, as a kill would, leaving a run that the next {@code cycle restart} recognises as dead and
 * resumes. The handlers stay for the rest of the process, so a signal that arrives while the process
 * is finishing also ends it with exit 1, never with the JVM's 130 or 143.
 */
final class GracefulStop implements AutoCloseable {

    private static final String[] SIGNALS = {"TERM", "INT"};

    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean runEnded;

    private GracefulStop(Runnable requestStop, PrintStream err) {
        SignalHandler handler = signal -> {
            if (received.incrementAndGet() == 1 && !runEnded) {
                err.println("meterbill: SIG" + signal.getName() + " received: stopping at the next chunk boundary"
                        + " (send it again to stop at once)");
                Thread stopper = new Thread(requestStop, "graceful-stop");
                stopper.setDaemon(true);
                stopper.start();
            } else {
                err.println("meterbill: SIG" + signal.getName() + " received again: stopping at once;"
                        + " resume with meterbill cycle restart");
                Runtime.getRuntime().halt(1);
            }
        };
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), handler);
        }
    }

    /** Installs the handlers until {@link #close()}; {@code requestStop} runs on the first signal. */
    static GracefulStop install(Runnable requestStop) {
        return new GracefulStop(requestStop, System.err);
    }

    /** The run has ended: from now on any signal ends the process at once with exit 1. */
    @Override
    public void close() {
        runEnded = true;
    }
}
