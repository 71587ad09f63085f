/**
 * Creating the user's account on the destination mail server with the password they use today (no
 * reset): a small SPI, {@link io.mailferry.destination.provisioning.Provisioner}, with one
 * implementation per way a mail server keeps its accounts ({@code sql}, {@code passwd-file}, {@code
 * none}), chosen by {@code mailferry.provisioner} through {@link
 * io.mailferry.destination.provisioning.Provisioners}. Provisioning is idempotent: an account that
 * exists is left as it is. Nothing here knows about migrations, pages or the REST API.
 */
package io.mailferry.destination.provisioning;
