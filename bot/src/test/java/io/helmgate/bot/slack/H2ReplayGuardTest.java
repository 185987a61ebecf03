package io.helmgate.bot.slack;

import io.helmgate.bot.testsupport.Databases;

class H2ReplayGuardTest extends ReplayGuardContract {
  H2ReplayGuardTest() {
    super(Databases.h2());
  }
}
