package io.helmgate.domain;

/**
 * One deployable environment of one product of one customer: {@code acme/payments prod}. Its values
 * live at {@code acme/payments/prod/values.yaml} in the values repository.
 */
public record Target(String customer, String product, String environment) {

  public Target {
    Names.require("customer", customer);
    Names.require("product", product);
    Names.require("environment", environment);
  }

  /** {@code acme/payments}: the customer and product, as users type them. */
  public String app() {
    return customer + "/" + product;
  }

  /** The path of the values file inside the values repository. */
  public String valuesPath() {
    return customer + "/" + product + "/" + environment + "/values.yaml";
  }

  /** The same product in another environment. */
  public Target withEnvironment(String otherEnvironment) {
    return new Target(customer, product, otherEnvironment);
  }

  @Override
  public String toString() {
    return app() + " " + environment;
  }
}
