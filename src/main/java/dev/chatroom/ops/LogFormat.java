package dev.chatroom.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * The log line format, {@code text} or {@code json}. logback.xml picks its appender from a system
 * property, so the CLI selects it before the first logger exists; the relay applies its resolved
 * {@code log_format} setting (file, environment, -D, flag) once its configuration is loaded.
 */
public final class LogFormat {
  static final String APPENDER_PROPERTY = "chatroom.log.appender";

  private LogFormat() {}

  /** Chooses the format for when Logback starts (before any logger is made). */
  public static void select(String format) {
    System.setProperty(APPENDER_PROPERTY, appender(format));
  }

  /** Switches to {@code format} now: re-reads the logging configuration if the format changes. */
  public static void apply(String format) {
    String wanted = appender(format);
    if (wanted.equals(System.getProperty(APPENDER_PROPERTY, "TEXT"))) {
      return;
    }
    System.setProperty(APPENDER_PROPERTY, wanted);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      URL config = ConfigurationWatchListUtil.getMainWatchURL(context);
      if (config == null) {
        return; // Logback runs on its built-in defaults: there is no file to choose an appender in
      }
      context.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      try {
        configurator.doConfigure(config);
      } catch (JoranException e) {
        throw new IllegalStateException("cannot re-read the logging configuration " + config, e);
      }
    }
  }

  private static String appender(String format) {
    return "json".equalsIgnoreCase(format) ? "JSON" : "TEXT";
  }
}
