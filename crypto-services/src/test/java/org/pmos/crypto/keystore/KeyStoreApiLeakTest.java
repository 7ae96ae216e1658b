package org.pmos.crypto.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.security.Key;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.KeySet;
import org.pmos.crypto.key.SecretBytes;

/** No public method of the keystore types hands out key material. */
class KeyStoreApiLeakTest {
    /** Every public type of the keystore package. */
    private static final List<Class<?>> TYPES = List.of(TeeKeyStore.class, GeneratedKey.class, SealedBlobs.class,
            DeviceIds.class, SystemVersions.class, OemAttestationRoot.class);

    /**
     * byte[] results that are not key material: signatures, and sealed / unsealed caller data.
     * SecretBytes from {@code agree}: a per-session DH secret, not the stored key.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "byte[]", Set.of("TeeKeyStore.sign", "TeeKeyStore.seal", "TeeKeyStore.unseal", "SealedBlobs.seal", "SealedBlobs.unseal"),
            SecretBytes.class.getName(), Set.of("TeeKeyStore.agree"));

    @Test
    void noPublicMethodReturnsKeyMaterial() {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : TYPES) {
            for (Method m : c.getMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                checked++;
                String where = c.getSimpleName() + "." + m.getName();
                for (Class<?> t : returnedClasses(m.getGenericReturnType())) {
                    boolean keyObject = Key.class.isAssignableFrom(t) && !PublicKey.class.isAssignableFrom(t);
                    boolean handle = t == KeyPair.class || t == KeyHandle.class || t == KeySet.class;
                    boolean bytes = t == byte[].class && !ALLOWED.get("byte[]").contains(where);
                    boolean secret = t == SecretBytes.class && !ALLOWED.get(SecretBytes.class.getName()).contains(where);
                    if (keyObject || handle || bytes || secret) {
                        leaks.add(where + " returns " + t.getName());
                    }
                }
            }
        }
        assertTrue(checked > 10, "checked " + checked + " methods");
        assertEquals(List.of(), leaks);
    }

    /** The class of a return type and of its type arguments (Optional<byte[]>, List<...>). */
    private static List<Class<?>> returnedClasses(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c);
        } else if (t instanceof ParameterizedType p) {
            out.addAll(returnedClasses(p.getRawType()));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(returnedClasses(a));
            }
        }
        return out;
    }
}
