package io.helmgate.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Lock;
import io.helmgate.domain.port.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Ops members locking one environment at the same moment, through two store instances (as on
 * two replicas) on one database: exactly one holds the lock, the other is shown who does.
 */
abstract class LockRaceContract {

  static final int ROUNDS = 40;
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final UserRef ALICE = new UserRef("U0ALICE", "Alice Ops");
  static final UserRef BOB = new UserRef("U0BOB", "Bob Ops");

  DataSource dataSource;
  LockStore replicaA;
  LockStore replicaB;
  ExecutorService threads = Executors.newFixedThreadPool(2);

  abstract DataSource newDatabase();

  @BeforeEach
  void setUp() {
    dataSource = newDatabase();
    replicaA = new JdbcLockStore(new JdbcTemplate(dataSource));
    replicaB = new JdbcLockStore(new JdbcTemplate(dataSource));
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  @Test
  void twoLockingAnUnlockedEnvironmentAtOnceThenExactlyOneHoldsItAndTheOtherSeesTheHolder()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      race(new Target("acme", "payments", "env" + round));
    }
  }

  @Test
  void twoTakingOverAnExpiredLockAtOnceThenExactlyOneHoldsIt() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Target target = new Target("acme", "payments", "env" + round);
      UserRef carol = new UserRef("U0CAROL", "Carol Ops");
      assertThat(
              replicaA.acquire(
                  new Lock(target, carol, "old", NOW.minusSeconds(1)),
                  NOW.minus(Duration.ofHours(1))))
          .isEmpty();
      race(target);
    }
  }

  @Test
  void theOwnerRenewsAndAnotherIsRefusedUntilTheLockExpires() {
    Target target = new Target("acme", "payments", "prod");
    Lock alices = new Lock(target, ALICE, "DB migration", NOW.plus(Duration.ofHours(1)));
    assertThat(replicaA.acquire(alices, NOW)).isEmpty();

    Lock renewed = new Lock(target, ALICE, "longer", NOW.plus(Duration.ofHours(2)));
    assertThat(replicaB.acquire(renewed, NOW)).isEmpty();
    Lock bobs = new Lock(target, BOB, "hotfix", NOW.plus(Duration.ofHours(3)));
    assertThat(replicaB.acquire(bobs, NOW.plus(Duration.ofMinutes(90)))).contains(renewed);

    assertThat(replicaB.acquire(bobs, NOW.plus(Duration.ofHours(2)))).isEmpty();
    assertThat(replicaA.find(target)).contains(bobs);
  }

  private void race(Target target) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Lock alices = new Lock(target, ALICE, "DB migration", NOW.plus(Duration.ofHours(1)));
    Lock bobs = new Lock(target, BOB, "hotfix", NOW.plus(Duration.ofHours(2)));
    Future<Optional<Lock>> a = threads.submit(() -> attempt(start, replicaA, alices));
    Future<Optional<Lock>> b = threads.submit(() -> attempt(start, replicaB, bobs));
    List<Optional<Lock>> results = new ArrayList<>(List.of(a.get(), b.get()));

    assertThat(results.stream().filter(Optional::isEmpty)).as("winners on " + target).hasSize(1);
    Lock stored = replicaA.find(target).orElseThrow();
    Lock winner = results.get(0).isEmpty() ? alices : bobs;
    Optional<Lock> loserSaw = results.get(0).isEmpty() ? results.get(1) : results.get(0);
    assertThat(stored).isEqualTo(winner);
    assertThat(loserSaw).as("the loser is told who holds " + target).contains(winner);
  }

  private static Optional<Lock> attempt(CyclicBarrier start, LockStore store, Lock lock)
      throws Exception {
    start.await();
    return store.acquire(lock, NOW);
  }
}
