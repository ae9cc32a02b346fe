"""The second factor in tests: every test user who logs in gets a TOTP device with a known
secret, and the shared login helpers type the current code (as a person with the app would)."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from scharnier.accounts import services

# Base32, as an authenticator app shows it; only for tests.
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def device_for(user):
    device = services.confirmed_device(user)
    if device is None:
        device = services.set_known_device(user, TEST_SECRET)
    return device


def current_code(device) -> str:
    """A code the device accepts now: a later time step than the last one used (no replay)."""
    device.refresh_from_db()
    step = int(time.time() // device.step)
    if device.last_t + 1 > step + device.tolerance:
        time.sleep((device.last_t + 1 - device.tolerance) * device.step - time.time() + 0.1)
        step = int(time.time() // device.step)
    step = max(step, device.last_t + 1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = step * device.step + 1
    return f"{totp.token():0{device.digits}d}"


def verify_client_session(client, user) -> None:
    """After Client.force_login: mark the session as having passed the second factor."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()
