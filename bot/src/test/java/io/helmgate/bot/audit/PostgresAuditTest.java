package io.helmgate.bot.audit;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The audit export and evidence contract on a real PostgreSQL, as in production. */
class PostgresAuditTest extends AuditContract {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
