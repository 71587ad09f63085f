package io.mailferry.web.pages;

import io.mailferry.migration.application.DomainService;
import io.mailferry.migration.application.DomainSettings;
import io.mailferry.migration.application.HostChangeNotConfirmedException;
import io.mailferry.migration.application.ServiceFailures;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.primefaces.PrimeFaces;

/** Registering mail domains and their source servers. */
@Named
@ViewScoped
public class Domains implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject DomainService domains;

  /** What the table shows; kept for the view so a row action hits the row that was clicked. */
  private transient List<DomainSettings> rows;

  private DomainForm form = DomainForm.blank();

  public List<DomainSettings> getRows() {
    if (rows == null) {
      rows = domains.list();
    }
    return rows;
  }

  public DomainForm getForm() {
    return form;
  }

  public void create() {
    form = DomainForm.blank();
  }

  public void edit(String name) {
    domains
        .find(name)
        .ifPresentOrElse(
            settings -> form = DomainForm.of(settings),
            () -> {
              PageMessages.error("The domain " + name + " no longer exists.");
              rows = null;
            });
  }

  /**
   * Saves the dialog. Only when the service accepted does the dialog close (callback parameter
   * "saved") and the page's messages and table update; a refusal stays in the dialog.
   */
  public void save() {
    try {
      DomainSettings saved =
          domains.save(
              form.getName(),
              form.toSettings(),
              form.isHostChangePending() && form.isConfirmHostChange());
      PageMessages.info(
          "The domain " + saved.name() + (form.isExisting() ? " was updated." : " was added."));
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
      PrimeFaces.current().ajax().update("messages", "domainsForm:table");
      rows = null;
    } catch (RuntimeException e) {
      if (ServiceFailures.cause(e) instanceof HostChangeNotConfirmedException) {
        form.askToConfirmHostChange();
      }
      PageMessages.failure("saving the domain", e);
    }
  }

  public void delete(String name) {
    try {
      domains.delete(name);
      PageMessages.info("The domain " + name + " was deleted.");
    } catch (RuntimeException e) {
      PageMessages.failure("deleting the domain", e);
    }
    rows = null;
  }
}
