package io.helmgate.bot.audit;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The audit export and evidence contract on H2, the embedded default. */
class H2AuditTest extends AuditContract {

  @Override
  DataSource newDatabase() {
    return Databases.h2();
  }
}
