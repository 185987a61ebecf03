package io.helmgate.bot.forge;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A WireMock standing in for a forge, and the JSON fixtures beside each test class. */
public final class ForgeStandIn {

  private ForgeStandIn() {}

  public static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
    server.start();
    return server;
  }

  /** The fixture {@code name} in the resources package of {@code test}. */
  public static String fixture(Class<?> test, String name) {
    try (InputStream in = test.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name + " beside " + test.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
