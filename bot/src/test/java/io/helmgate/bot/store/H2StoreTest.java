package io.helmgate.bot.store;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The store contract on H2, the embedded default. */
class H2StoreTest extends StoreContract {

  @Override
  DataSource newDatabase() {
    return Databases.h2();
  }
}
