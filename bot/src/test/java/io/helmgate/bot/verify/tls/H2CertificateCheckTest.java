package io.helmgate.bot.verify.tls;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The certificate check on H2, the embedded default. */
class H2CertificateCheckTest extends CertificateCheckContract {

  @Override
  DataSource newDatabase() {
    return Databases.h2();
  }
}
