package io.mailferry.web.pages;

import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.PropertyNotFoundException;
import jakarta.el.PropertyNotWritableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Lets pages read record components as properties ({@code #{m.email}} for {@code m.email()}): the
 * services return records, and Expression Language 5 (Jakarta EE 10) only knows getters. EL 6
 * (Jakarta EE 11) has its own record resolver; this one can go then. Registered in {@code
 * faces-config.xml}; read-only.
 */
public class RecordELResolver extends ELResolver {

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    Method accessor = accessor(base, property);
    if (accessor == null) {
      return null;
    }
    context.setPropertyResolved(base, property);
    try {
      return accessor.invoke(base);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new PropertyNotFoundException(
          "cannot read " + property + " of " + base.getClass().getSimpleName(), e);
    }
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    Method accessor = accessor(base, property);
    if (accessor == null) {
      return null;
    }
    context.setPropertyResolved(base, property);
    return null; // read-only: no type can be set
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    if (accessor(base, property) != null) {
      throw new PropertyNotWritableException(
          property + " of " + base.getClass().getSimpleName() + " is read-only");
    }
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    if (accessor(base, property) == null) {
      return false;
    }
    context.setPropertyResolved(base, property);
    return true;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return base instanceof Record ? String.class : null;
  }

  private static Method accessor(Object base, Object property) {
    if (!(base instanceof Record) || !(property instanceof String name)) {
      return null;
    }
    for (RecordComponent component : base.getClass().getRecordComponents()) {
      if (component.getName().equals(name)) {
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        return accessor;
      }
    }
    return null;
  }
}
