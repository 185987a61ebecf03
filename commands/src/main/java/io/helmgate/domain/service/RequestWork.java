package io.helmgate.domain.service;

import io.helmgate.domain.RequestId;

/**
 * Work the domain hands to {@link Ports#executor()} on behalf of one request. The executor may read
 * {@code request} to label everything the work logs (the domain itself logs nothing).
 */
public record RequestWork(RequestId request, Runnable work) implements Runnable {

  @Override
  public void run() {
    work.run();
  }
}
