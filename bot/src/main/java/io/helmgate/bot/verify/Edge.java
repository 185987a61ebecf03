package io.helmgate.bot.verify;

import io.helmgate.bot.verify.f5.F5Verifier;
import io.helmgate.bot.verify.kong.KongVerifier;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.EdgeVerifier;
import java.util.ArrayList;
import java.util.List;

/** Kong and F5 as one {@link EdgeVerifier}: Kong's checks, then F5's; the drain is F5's. */
final class Edge implements EdgeVerifier {

  private final KongVerifier kong;
  private final F5Verifier f5;

  Edge(KongVerifier kong, F5Verifier f5) {
    this.kong = kong;
    this.f5 = f5;
  }

  @Override
  public Report verify(Target target) {
    List<Check> checks = new ArrayList<>(kong.verify(target));
    checks.addAll(f5.verify(target));
    return Report.of(checks);
  }

  @Override
  public boolean drainsForMaintenance(Target target) {
    return f5.drainsForMaintenance(target);
  }

  @Override
  public Step drain(Target target) {
    return f5.drain(target);
  }

  @Override
  public Step enable(Target target) {
    return f5.enable(target);
  }

  @Override
  public Step enable(Target target, java.util.List<String> members) {
    return f5.enable(target, members);
  }
}
