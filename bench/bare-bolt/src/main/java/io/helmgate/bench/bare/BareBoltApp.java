package io.helmgate.bench.bare;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The floor of the ack benchmark: a Bolt app whose every handler only acknowledges, served as the
 * bot serves its own (Bolt's jakarta servlet at {@code /slack/events} on Spring Boot's embedded
 * Tomcat) with the same Bolt settings (single-team bot token, auth.test cached for an hour).
 */
@SpringBootApplication
public class BareBoltApp {

  public static void main(String[] args) {
    SpringApplication.run(BareBoltApp.class, args);
  }

  @Bean
  App bolt(
      @Value("${bare.signing-secret}") String signingSecret,
      @Value("${bare.bot-token}") String botToken,
      @Value("${bare.api-url}") String apiUrl) {
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    AppConfig config =
        AppConfig.builder()
            .slack(Slack.getInstance(slackConfig))
            .signingSecret(signingSecret)
            .singleTeamBotToken(botToken)
            .authTestCacheEnabled(true)
            .authTestCacheExpirationMillis(Duration.ofHours(1).toMillis())
            .build();
    App app = new App(config);
    app.command("/deploy", (req, ctx) -> ctx.ack());
    app.command("/rollback", (req, ctx) -> ctx.ack());
    app.blockAction("helmgate-approve", (req, ctx) -> ctx.ack());
    app.blockAction("helmgate-cancel", (req, ctx) -> ctx.ack());
    app.blockAction("helmgate-reject", (req, ctx) -> ctx.ack());
    return app;
  }

  @Bean
  ServletRegistrationBean<HttpServlet> slackEvents(App app) {
    ServletRegistrationBean<HttpServlet> bean =
        new ServletRegistrationBean<>(new SlackAppServlet(app), "/slack/events");
    bean.setName("slackEvents");
    return bean;
  }
}
