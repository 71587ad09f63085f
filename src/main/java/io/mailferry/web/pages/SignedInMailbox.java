package io.mailferry.web.pages;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;

/**
 * The mailbox whose owner proved their password in this browser session (by signing up or by
 * checking their migration): its status page then needs no password on each refresh.
 */
@SessionScoped
public class SignedInMailbox implements Serializable {

  private static final long serialVersionUID = 1L;

  private String email;

  public String email() {
    return email;
  }

  public void signIn(String address) {
    this.email = address;
  }

  public void signOut() {
    this.email = null;
  }
}
