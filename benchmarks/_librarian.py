"""The superuser the admin's benchmarks sign in as, added to the benchmarked database."""


def signed_in_client():
    """Django's test client signed in as `bench-librarian` (Django set up first); its session
    cookie also signs in a browser or a client of a server on the same database."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-librarian", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client
