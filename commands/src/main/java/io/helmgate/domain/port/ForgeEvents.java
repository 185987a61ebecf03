package io.helmgate.domain.port;

/**
 * Receives the forge's verified webhook events. Implementations must be quick and must not throw
 * for an event they do not care about: the webhook has to be answered within the forge's timeout.
 */
public interface ForgeEvents {

  void on(ForgeEvent event);
}
