package io.helmgate.domain.execution;

import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.port.ValuesRepositoryException;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Changes;

/**
 * The values file as the request would commit it, computed once per run of the pipeline and shared
 * by the steps before the commit (verify base, pre-flights, commit): the file is read and parsed
 * once, not once per step.
 */
public final class NewContent {

  private final ValuesRepository values;
  private final Changes changes;

  public NewContent(ValuesRepository values, Changes changes) {
    this.values = values;
    this.changes = changes;
  }

  /** The values file as it is now. */
  ValuesFile current(StepContext context) {
    return context.remember("values-file", () -> values.read(context.request().target()));
  }

  /** The file content the request commits. */
  String of(StepContext context) {
    ValuesFile file = current(context);
    return context.remember("new-content", () -> compute(context.request(), file));
  }

  private String compute(Request request, ValuesFile file) {
    return switch (request.kind()) {
      case DEPLOY -> changes.apply(file, request.change());
      case ROLLBACK ->
          values
              .readAt(request.target(), request.restoreFrom().orElseThrow())
              .orElseThrow(() -> new ValuesRepositoryException("the commit to restore is gone"));
      case SYNC -> file.content();
    };
  }
}
