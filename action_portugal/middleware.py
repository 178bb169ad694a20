from django.db import DatabaseError, connection
from django.http import JsonResponse

HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    """Answers ``/health/`` before anything else runs: load balancers and Docker probe by
    IP address (no allowed Host), over plain HTTP (no HTTPS redirect), and need only
    to know whether the database answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            response = JsonResponse({"database": "unavailable"}, status=503)
        else:
            response = JsonResponse({"database": "ok"})
        response["Cache-Control"] = "no-cache, no-store, must-revalidate, max-age=0"
        return response
