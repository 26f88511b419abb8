"""The Django project: settings, URLs and the apps that hold people, cases and storage on top of the core."""
