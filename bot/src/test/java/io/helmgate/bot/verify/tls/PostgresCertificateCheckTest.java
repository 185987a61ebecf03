package io.helmgate.bot.verify.tls;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The certificate check on a real PostgreSQL, as in production. */
class PostgresCertificateCheckTest extends CertificateCheckContract {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
