package io.mailferry.web.pages;

import io.mailferry.migration.application.AdminQueue;
import io.mailferry.migration.application.DomainService;
import io.mailferry.migration.application.MailboxActions;
import io.mailferry.migration.application.MailboxFilter;
import io.mailferry.migration.application.MailboxQueries;
import io.mailferry.migration.application.MigrationService;
import io.mailferry.migration.application.MigrationView;
import io.mailferry.migration.domain.MigrationStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * Every mailbox migration, paged, sorted and filtered in the database; resync many at once; pause,
 * resume, cancel and delete one; queue a mailbox by hand.
 */
@Named
@ViewScoped
public class Migrations implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject MigrationService migrations;
  @Inject MailboxQueries queries;
  @Inject MailboxActions actions;
  @Inject AdminQueue adminQueue;
  @Inject DomainService domains;

  /** A status name, or "" for all. */
  private String statusFilter = "";

  private String addressFilter = "";
  private String domainFilter = "";
  private List<MigrationView> selected = new ArrayList<>();
  private final Model model = new Model();

  private String email;
  private String password;
  private String sourceLogin;

  public LazyDataModel<MigrationView> getModel() {
    return model;
  }

  /**
   * The refresh every 3 s re-renders the table only while no row is selected: a re-render would
   * overwrite the selection the browser is about to send with the one the server had.
   */
  public void poll() {
    if (selected.isEmpty()) {
      PrimeFaces.current().ajax().update("migrationsForm:table");
    }
  }

  public void resync(String address) {
    act(
        address,
        "resyncing",
        () -> migrations.resync(address),
        " is queued again; it continues where it stopped.");
  }

  public void pause(String address) {
    act(
        address,
        "pausing",
        () -> actions.pause(address),
        " is paused: it stops after the chunk being copied. Resume it to continue.");
  }

  public void resume(String address) {
    act(
        address,
        "resuming",
        () -> actions.resume(address),
        " is queued again; it continues where it was paused.");
  }

  public void cancel(String address) {
    act(
        address,
        "cancelling",
        () -> actions.cancel(address),
        " is cancelled: it stops after the chunk being copied. Resync it to continue.");
  }

  public void delete(String address) {
    try {
      actions.delete(address);
      PageMessages.info(
          "The migration of "
              + address
              + " and its records were deleted; the mail already"
              + " copied stays on the destination.");
      selected.removeIf(m -> m.email().equals(address));
    } catch (RuntimeException e) {
      PageMessages.failure("deleting " + address, e);
    }
  }

  private void act(String address, String action, Runnable call, String done) {
    try {
      call.run();
      PageMessages.info(address + done);
    } catch (RuntimeException e) {
      PageMessages.failure(action + " " + address, e);
    }
  }

  /** Resyncs every selected mailbox that can be; says which were and which not, and why. */
  public void resyncSelected() {
    if (selected.isEmpty()) {
      PageMessages.error("Select the mailboxes to resync first.");
      return;
    }
    List<MailboxActions.Outcome> outcomes =
        actions.resyncAll(selected.stream().map(MigrationView::email).toList());
    List<String> queued =
        outcomes.stream().filter(MailboxActions.Outcome::queued).map(o -> o.email()).toList();
    if (!queued.isEmpty()) {
      PageMessages.info(
          queued.size()
              + (queued.size() == 1 ? " mailbox is" : " mailboxes are")
              + " queued again: "
              + String.join(", ", queued)
              + ".");
    }
    outcomes.stream()
        .filter(o -> !o.queued())
        .forEach(o -> PageMessages.error(o.email() + " was not resynced: " + o.message()));
    selected = new ArrayList<>();
  }

  /** Checks the login against the source server, creates the account, then queues the mailbox. */
  public void queue() {
    try {
      MigrationView view = adminQueue.queue(email, password, sourceLogin);
      PageMessages.info(
          "QUEUED".equals(view.status())
              ? view.email() + " is queued; it starts when a copy slot is free."
              : view.email()
                  + " was already known ("
                  + view.status().toLowerCase(Locale.ROOT)
                  + "); its source password was renewed.");
      email = null;
      sourceLogin = null;
    } catch (RuntimeException e) {
      String mailbox = email == null || email.isBlank() ? "The mailbox" : email.trim();
      PageMessages.failure("queueing " + mailbox, mailbox + " was not queued", e);
    }
    password = null;
  }

  public boolean canResync(MigrationView view) {
    return MigrationStatus.valueOf(view.status()).canResync()
        && MigrationStatus.valueOf(view.status()) != MigrationStatus.PAUSED;
  }

  public boolean isActive(MigrationView view) {
    return MigrationStatus.valueOf(view.status()).isActive();
  }

  public List<String> getStatuses() {
    return Arrays.stream(MigrationStatus.values()).map(Enum::name).toList();
  }

  public List<String> getDomains() {
    return domains.list().stream().map(d -> d.name()).sorted().toList();
  }

  public List<MigrationView> getSelected() {
    return selected;
  }

  public void setSelected(List<MigrationView> selected) {
    this.selected = selected == null ? new ArrayList<>() : new ArrayList<>(selected);
  }

  public String getStatusFilter() {
    return statusFilter;
  }

  public void setStatusFilter(String statusFilter) {
    this.statusFilter = statusFilter == null ? "" : statusFilter.trim().toUpperCase(Locale.ROOT);
  }

  public String getAddressFilter() {
    return addressFilter;
  }

  public void setAddressFilter(String addressFilter) {
    this.addressFilter = addressFilter == null ? "" : addressFilter.trim();
  }

  public String getDomainFilter() {
    return domainFilter;
  }

  public void setDomainFilter(String domainFilter) {
    this.domainFilter = domainFilter == null ? "" : domainFilter.trim();
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getSourceLogin() {
    return sourceLogin;
  }

  public void setSourceLogin(String sourceLogin) {
    this.sourceLogin = sourceLogin;
  }

  private final class Model extends LazyDataModel<MigrationView> {

    private static final long serialVersionUID = 1L;
    private transient List<MigrationView> page = List.of();
    private String sort;
    private boolean descending = true;

    private MailboxFilter filter() {
      return new MailboxFilter(addressFilter, domainFilter, statusFilter, sort, descending);
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, queries.count(filter()));
    }

    @Override
    public List<MigrationView> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      SortMeta by = sortBy == null ? null : sortBy.values().stream().findFirst().orElse(null);
      sort = by == null || by.getOrder() == SortOrder.UNSORTED ? null : by.getField();
      descending = by == null || by.getOrder() == SortOrder.DESCENDING;
      page = queries.page(filter(), first, pageSize);
      return page;
    }

    @Override
    public String getRowKey(MigrationView row) {
      return row.email();
    }

    @Override
    public MigrationView getRowData(String rowKey) {
      List<MigrationView> known = page == null ? List.of() : page;
      Map<String, MigrationView> byEmail =
          known.stream().collect(Collectors.toMap(MigrationView::email, m -> m, (a, b) -> a));
      MigrationView row = byEmail.get(rowKey);
      return row != null ? row : migrations.find(rowKey).orElse(null);
    }
  }
}
