package io.helmgate.bot.store;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The store contract on a real PostgreSQL, as in production. */
class PostgresStoreTest extends StoreContract {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
