def test_world_builds(world):
    assert world.task_a.owner == world.head_a
    assert world.plan.tasks.count() == 2
