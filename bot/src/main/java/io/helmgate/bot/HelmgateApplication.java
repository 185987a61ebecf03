package io.helmgate.bot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Helmgate bot: wires the domain to Slack, git, ArgoCD, Vault and the database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HelmgateApplication {

  public static void main(String[] args) {
    SpringApplication.run(HelmgateApplication.class, args);
  }
}
