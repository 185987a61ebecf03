package io.helmgate.bot.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's data source with a switch: while it is off, every attempt to get a connection
 * fails the way a pool fails when the database server is gone. Connections already handed out
 * finish what they do; the next statement outside them fails.
 */
public final class SwitchableDataSource extends DelegatingDataSource implements AutoCloseable {

  private volatile boolean down;

  public SwitchableDataSource(DataSource target) {
    super(target);
  }

  /** A post-processor that wraps the application's {@code dataSource} bean in this switch. */
  public static BeanPostProcessor wrapping() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if ("dataSource".equals(beanName)
            && bean instanceof DataSource ds
            && !(bean instanceof SwitchableDataSource)) {
          return new SwitchableDataSource(ds);
        }
        return bean;
      }
    };
  }

  /** From now on no connection can be had. */
  public void goDown() {
    down = true;
  }

  /** The database is back. */
  public void comeBack() {
    down = false;
  }

  public boolean isDown() {
    return down;
  }

  @Override
  public Connection getConnection() throws SQLException {
    refuseWhenDown();
    return super.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    refuseWhenDown();
    return super.getConnection(username, password);
  }

  private void refuseWhenDown() throws SQLTransientConnectionException {
    if (down) {
      throw new SQLTransientConnectionException(
          "Connection refused: the database server cannot be reached (switched off by the test)",
          "08001");
    }
  }

  @Override
  public void close() throws Exception {
    if (getTargetDataSource() instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
