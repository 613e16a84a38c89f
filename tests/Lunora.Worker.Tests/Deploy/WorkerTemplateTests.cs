namespace Lunora.Worker.Tests.Deploy;

public class WorkerTemplateTests
{
    private const string Yaml = """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - Sid: One
                        Effect: Allow
                        Action: sqs:ReceiveMessage
                        Resource: !GetAtt Queue.Arn
                      - Sid: Two
                        Effect: Allow
                        Action: [dynamodb:GetItem, dynamodb:PutItem]
                        Resource: !Sub arn:${AWS::Partition}:dynamodb:*:*:table/x
                      - Sid: Never
                        Effect: Deny
                        Action: dynamodb:DeleteTable
                        Resource: "*"
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              TaskRoleArn: !GetAtt Role.Arn
              ContainerDefinitions:
                - Name: worker
                  Environment:
                    - Name: MEDIALIVE_CHANNEL_ID
                      Value: !Ref ChannelId
                    - Name: HEALTH_PORT
                      Value: "8080"
        """;

    private static WorkerTemplate Parse() => WorkerTemplate.Parse(new StringReader(Yaml));

    [Fact]
    public void AllowedActions_ShortFormTagsAndDenyStatements_OnlyAllowActionsWithTheirSid()
    {
        var actions = Parse().AllowedActions("Role");

        Assert.Equal([("sqs:ReceiveMessage", "One"), ("dynamodb:GetItem", "Two"), ("dynamodb:PutItem", "Two")], actions);
    }

    [Fact]
    public void TaskRoleOf_GetAttArn_NamesTheRole()
    {
        Assert.Equal("Role", Parse().TaskRoleOf("Task"));
    }

    [Fact]
    public void ContainerEnvironment_TaskDefinition_ListsEveryName()
    {
        Assert.Equal(["MEDIALIVE_CHANNEL_ID", "HEALTH_PORT"], Parse().ContainerEnvironment("Task").Select(e => e.Name));
    }
}
