package io.helmgate.bot.argocd;

/**
 * Where one target's Argo CD Application is, and which settings said so (for messages that name the
 * key to fix).
 *
 * @param name {@code metadata.name} of the Application
 * @param project its AppProject, sent with every call so that a missing app is a 404, not a 403
 * @param appNamespace the namespace of the Application resource when apps live outside Argo CD's
 *     own namespace ("apps in any namespace"); empty for Argo CD's own
 * @param nameKey the setting the name comes from, e.g. {@code helmgate.argocd.app-name-template}
 * @param projectKey the setting the project comes from
 * @param namespaceKey the setting the namespace comes from
 */
record ArgoCdAddress(
    String name,
    String project,
    String appNamespace,
    String nameKey,
    String projectKey,
    String namespaceKey) {

  /** The {@code appNamespace} query or body field: null (left out) for Argo CD's own namespace. */
  String namespaceField() {
    return appNamespace.isEmpty() ? null : appNamespace;
  }

  /**
   * The object of Argo CD's RBAC rules for this app: {@code project/name}, or {@code
   * project/namespace/name} for an app in another namespace (util/security/rbac.go {@code
   * RBACName}).
   */
  String rbacObject() {
    return appNamespace.isEmpty()
        ? project + "/" + name
        : project + "/" + appNamespace + "/" + name;
  }

  /** {@code name}, or {@code namespace/name} for an app in another namespace. */
  String display() {
    return appNamespace.isEmpty() ? name : appNamespace + "/" + name;
  }
}
