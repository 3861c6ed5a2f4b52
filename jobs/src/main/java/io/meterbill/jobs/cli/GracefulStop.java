package io.meterbill.jobs.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT during a cycle run: the first asks the run to stop at its next chunk boundary
 * (it ends STOPPED and the process exits 1, restartable); a second stops the process at once, as a
 * kill would, leaving a run that the next {@code cycle restart} recognises as dead and resumes.
 */
final class GracefulStop implements AutoCloseable {

    private static final String[] SIGNALS = {"TERM", "INT"};

    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private final AtomicInteger received = new AtomicInteger();

    private GracefulStop(Runnable requestStop, PrintStream err) {
        SignalHandler handler = signal -> {
            if (received.incrementAndGet() == 1) {
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
        for (int i = 0; i < SIGNALS.length; i++) {
            previous[i] = Signal.handle(new Signal(SIGNALS[i]), handler);
        }
    }

    /** Installs the handlers until {@link #close()}; {@code requestStop} runs on the first signal. */
    static GracefulStop install(Runnable requestStop) {
        return new GracefulStop(requestStop, System.err);
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            Signal.handle(new Signal(SIGNALS[i]), previous[i]);
        }
    }
}
