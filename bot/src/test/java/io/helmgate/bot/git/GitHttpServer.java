package io.helmgate.bot.git;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A git server over HTTP for tests: JGit's own {@link GitServlet} on an embedded Tomcat, serving
 * one bare repository at {@code /values.git} to clients that send the right token as the basic
 * authentication password.
 */
final class GitHttpServer implements AutoCloseable {

  static final String NAME = "values.git";

  private final Tomcat tomcat = new Tomcat();
  private boolean closed;
  private final AtomicReference<PreReceiveHook> hook = new AtomicReference<>(PreReceiveHook.NULL);

  GitHttpServer(Path base, Path repository, String user, String token) throws Exception {
    Path docs = Files.createDirectories(base.resolve("docs"));
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", docs.toString());

    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (request, name) -> {
          if (!NAME.equals(name)) {
            throw new RepositoryNotFoundException(name);
          }
          try {
            return GitFixtures.open(repository, true);
          } catch (java.io.IOException e) {
            throw new RepositoryNotFoundException(name, e);
          }
        });
    git.setReceivePackFactory(
        (request, db) -> {
          ReceivePack receive = new ReceivePack(db);
          receive.setPreReceiveHook((rp, commands) -> hook.get().onPreReceive(rp, commands));
          return receive;
        });
    Tomcat.addServlet(context, "git", git);
    context.addServletMappingDecoded("/*", "git");

    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    Filter auth =
        (request, response, chain) -> {
          String given = ((HttpServletRequest) request).getHeader("Authorization");
          if (!expected.equals(given)) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("WWW-Authenticate", "Basic realm=\"values\"");
            http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
          }
          chain.doFilter(request, response);
        };
    FilterDef def = new FilterDef();
    def.setFilterName("token");
    def.setFilter(auth);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("token");
    map.addURLPattern("/*");
    context.addFilterMap(map);

    tomcat.start();
  }

  String url() {
    return "http://localhost:" + tomcat.getConnector().getLocalPort() + "/" + NAME;
  }

  /** Server-side check run before every push, like a protected-branch rule. */
  void preReceive(PreReceiveHook check) {
    hook.set(check);
  }

  @Override
  public void close() throws Exception {
    if (!closed) {
      closed = true;
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
