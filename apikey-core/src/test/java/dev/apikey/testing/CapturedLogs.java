package dev.apikey.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Test support: captures every log event of every logger at TRACE while open, with messages and stack traces. */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previousLevel;

    private CapturedLogs() {
        previousLevel = root.getLevel();
        setContext(root.getLoggerContext());
        setName("captured");
        start();
        root.addAppender(this);
        root.setLevel(Level.TRACE);
    }

    /** Starts capturing. */
    public static CapturedLogs capture() {
        return new CapturedLogs();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** Every event captured so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages of one logger. */
    public List<String> messages(String loggerName) {
        return events.stream()
                .filter(e -> e.getLoggerName().equals(loggerName))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Everything logged: levels, loggers, messages, arguments and stack traces. */
    /** Everything logged: levels, loggers, messages, arguments and stack traces. */
    public String allText() {
        return events.stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        root.detachAppender(this);
        root.setLevel(previousLevel);
        stop();
    }
}
