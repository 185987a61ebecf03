package io.helmgate.bot.slack.outbox;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The outbox on a real PostgreSQL: V7 and the claim, lease and ordering queries as there. */
class PostgresOutboxDeliveryTest extends OutboxDeliveryTest {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
